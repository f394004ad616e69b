"""The pure core: what people, skills and guides are, with no storage or web in sight."""
