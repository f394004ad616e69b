"""Given names and family names by region, for sample people.

Written for this project: common names, roughly balanced between women and men, in the
romanized form people use in a company directory. A region is a naming tradition, not a
nationality; locations mix regions (see `catalog.LOCATIONS`).
"""

from __future__ import annotations

from typing import NamedTuple


class NameRegion(NamedTuple):
    given: tuple[str, ...]
    family: tuple[str, ...]


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


NAME_REGIONS: dict[str, NameRegion] = {
    "anglo": NameRegion(
        _names(
            "James, Olivia, Michael, Emma, David, Sophia, Daniel, Grace, Matthew, Chloe, Ryan,"
            " Hannah, Jamal, Aaliyah, Tyler, Megan, Connor, Lauren, Marcus, Jasmine, Ethan, Zoe,"
            " Owen, Katie, Liam, Abigail, Nathan, Ruth"
        ),
        _names(
            "Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Taylor, Anderson,"
            " Thomas, Moore, Jackson, White, Harris, Martin, Thompson, Robinson, Clark, Lewis,"
            " Walker, Hall, Young, Wright, Scott, Green, Baker, Hughes, Campbell, Murphy"
        ),
    ),
    "irish": NameRegion(
        _names("Aoife, Ciarán, Niamh, Seán, Siobhán, Conor, Orla, Darragh, Saoirse, Cillian"),
        _names("O'Brien, Byrne, Kelly, Ryan, Walsh, O'Sullivan, McCarthy, Doyle, Kennedy, Lynch"),
    ),
    "hispanic": NameRegion(
        _names(
            "Sofía, Mateo, Valentina, Santiago, Camila, Diego, Lucía, Alejandro, Mariana, Javier,"
            " Isabella, Carlos, Ximena, Andrés, Daniela, Luis, Paula, Miguel, Gabriela, Jorge"
        ),
        _names(
            "García, Rodríguez, Martínez, Hernández, López, González, Pérez, Sánchez, Ramírez,"
            " Torres, Flores, Rivera, Gómez, Díaz, Morales, Ortiz, Castillo, Jiménez, Ruiz, Vargas"
        ),
    ),
    "brazilian": NameRegion(
        _names(
            "João, Ana, Pedro, Beatriz, Lucas, Larissa, Gabriel, Fernanda, Rafael, Juliana,"
            " Thiago, Camila, Bruno, Letícia, Felipe, Mariana"
        ),
        _names(
            "Silva, Santos, Oliveira, Souza, Lima, Pereira, Ferreira, Costa, Almeida, Carvalho,"
            " Ribeiro, Rocha, Barbosa, Araújo"
        ),
    ),
    "french": NameRegion(
        _names(
            "Camille, Louis, Manon, Hugo, Léa, Julien, Chloé, Antoine, Inès, Mathieu, Élodie,"
            " Nicolas, Margaux, Théo, Clémence, Baptiste"
        ),
        _names(
            "Martin, Bernard, Dubois, Durand, Lefebvre, Moreau, Laurent, Simon, Michel, Leroy,"
            " Roux, Fournier, Girard, Bonnet, Lambert"
        ),
    ),
    "german": NameRegion(
        _names(
            "Lukas, Anna, Jonas, Lena, Felix, Sophie, Maximilian, Laura, Jan, Katharina, Tobias,"
            " Julia, Niklas, Hannah, Moritz, Marie"
        ),
        _names(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann,"
            " Koch, Richter, Klein, Wolf, Neumann, Schwarz"
        ),
    ),
    "dutch": NameRegion(
        _names("Daan, Emma, Sem, Julia, Lars, Sanne, Thijs, Fleur, Bram, Lotte, Ruben, Anouk"),
        _names(
            "de Jong, Jansen, de Vries, van den Berg, Bakker, Visser, Smit, Meijer, Mulder, Bos,"
            " Vos, Peters"
        ),
    ),
    "nordic": NameRegion(
        _names("Erik, Astrid, Oskar, Maja, Anders, Ingrid, Nils, Elin, Johan, Freja, Emil, Sigrid"),
        _names(
            "Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsen, Hansen, Lindqvist,"
            " Berg, Lund, Virtanen"
        ),
    ),
    "polish": NameRegion(
        _names(
            "Jakub, Zofia, Kacper, Zuzanna, Piotr, Aleksandra, Mateusz, Natalia, Łukasz, Magdalena,"
            " Tomasz, Agnieszka"
        ),
        _names(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kamiński, Lewandowski, Zieliński, Szymański,"
            " Woźniak, Dąbrowski, Mazur, Krawczyk"
        ),
    ),
    "turkish": NameRegion(
        _names("Emre, Elif, Mehmet, Zeynep, Can, Ayşe, Burak, Selin, Deniz, Ece"),
        _names("Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Aydın, Öztürk, Arslan, Doğan"),
    ),
    "arabic": NameRegion(
        _names(
            "Omar, Layla, Ahmed, Fatima, Youssef, Mariam, Khalid, Noor, Hassan, Amira, Karim,"
            " Salma, Tariq, Hana"
        ),
        _names(
            "Haddad, Khalil, Nasser, Mansour, Saleh, Aziz, Farouk, Hamdan, Rahman, Suleiman,"
            " El-Amin, Qureshi"
        ),
    ),
    "west_african": NameRegion(
        _names(
            "Chinedu, Ngozi, Oluwaseun, Adaeze, Emeka, Funmilayo, Tunde, Chiamaka, Kwame, Ama,"
            " Babajide, Folake, Ifeanyi, Yetunde"
        ),
        _names(
            "Okafor, Adeyemi, Okonkwo, Balogun, Eze, Nwosu, Mensah, Adebayo, Obi, Ogunleye,"
            " Boateng, Afolabi"
        ),
    ),
    "east_african": NameRegion(
        _names("Wanjiru, Kamau, Achieng, Otieno, Njeri, Mwangi, Amani, Baraka, Zawadi, Juma"),
        _names("Kariuki, Odhiambo, Mutua, Wambui, Kipchoge, Njoroge, Omondi, Chebet, Onyango"),
    ),
    "indian": NameRegion(
        _names(
            "Aarav, Priya, Rohan, Ananya, Vikram, Kavya, Arjun, Sneha, Rahul, Divya, Karthik,"
            " Meera, Aditya, Pooja, Siddharth, Lakshmi, Nikhil, Shreya, Imran, Fatima"
        ),
        _names(
            "Sharma, Patel, Iyer, Reddy, Nair, Gupta, Singh, Kumar, Rao, Menon, Desai, Joshi,"
            " Krishnan, Banerjee, Mehta, Khan, Pillai, Chatterjee"
        ),
    ),
    "chinese": NameRegion(
        _names(
            "Wei, Jing, Hao, Xin, Lei, Mei, Yang, Yan, Jun, Li Na, Chen, Xiaoyu, Zhiwei, Ying,"
            " Tao, Lin"
        ),
        _names(
            "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Lin,"
            " Tan, Lim, Ng"
        ),
    ),
    "japanese": NameRegion(
        _names("Haruto, Yui, Sota, Aoi, Ren, Hina, Yuki, Sakura, Kenji, Akiko, Takumi, Misaki"),
        _names(
            "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, Kato,"
            " Yoshida, Yamada"
        ),
    ),
    "korean": NameRegion(
        _names("Min-jun, Seo-yeon, Ji-ho, Ha-eun, Do-yun, Su-bin, Hyun-woo, Ji-woo, Jae-won, Yuna"),
        _names("Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Shin"),
    ),
    "filipino": NameRegion(
        _names(
            "Angelo, Maria, Joshua, Kristine, Mark, Angelica, Paolo, Camille, Carlo, Bea, Rafael,"
            " Trisha"
        ),
        _names(
            "Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Villanueva, Aquino, Ramos,"
            " Castro, Dela Cruz"
        ),
    ),
    "vietnamese": NameRegion(
        _names("Minh, Linh, Anh, Thao, Duc, Huong, Quang, Lan, Tuan, Mai"),
        _names("Nguyen, Tran, Le, Pham, Hoang, Vu, Dang, Bui, Do, Ngo"),
    ),
    "malay": NameRegion(
        _names("Aisyah, Muhammad, Nurul, Hafiz, Siti, Amir, Farah, Iskandar, Aina, Zulkifli"),
        _names("Abdullah, Ismail, Rahman, Hassan, Ibrahim, Yusof, Osman, Salleh"),
    ),
}
