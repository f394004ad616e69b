"""The admin command line (`peoplefirst`)."""
