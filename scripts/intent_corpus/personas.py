"""The people (and machines) who write the corpus's replies: a persona is a name, a company, a
language and a style (how they greet, sign, quote, type), so the held-out authors differ from
the training ones in more than their names."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

FIRST = {
    "en": "James Mary Robert Patricia Michael Jennifer David Linda William Susan Richard Karen "
    "Thomas Nancy Daniel Lisa Mark Sandra Paul Ashley Steven Kimberly Andrew Emily Kevin Donna "
    "Brian Michelle George Carol Edward Amanda Ronald Melissa Anthony Deborah Raj Priya Wei Aisha",
    "es": "Juan María José Carmen Antonio Ana Manuel Laura Francisco Isabel Javier Lucía Carlos "
    "Marta David Elena Miguel Pilar Rafael Rosa Pedro Sofía Alejandro Teresa Fernando Paula "
    "Jorge Cristina Luis Beatriz Sergio Alba Pablo Noelia Andrés Gabriela Diego Valentina Ramón",
    "fr": "Jean Marie Pierre Nathalie Michel Isabelle Philippe Sylvie Alain Catherine Nicolas "
    "Sandrine Christophe Valérie Laurent Céline Stéphane Aurélie Julien Émilie Sébastien Claire "
    "François Hélène Olivier Camille Thierry Chloé Frédéric Léa Guillaume Manon Didier Inès "
    "Benoît Margaux Yannick Amélie Hugo Élodie",
}
LAST = {
    "en": "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
    "Jackson Martin Lee Thompson White Harris Clark Lewis Walker Hall Young King Wright Scott "
    "Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Patel Chen Okafor Murphy",
    "es": "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez "
    "Ruiz Hernández Díaz Moreno Álvarez Muñoz Romero Alonso Gutiérrez Navarro Torres Domínguez "
    "Vázquez Ramos Gil Ramírez Serrano Blanco Molina Castro Ortega Rubio Delgado Ortiz Marín",
    "fr": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèbvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier "
    "Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller",
}
COMPANY = {
    "en": "Riverside Family Practice|Northgate Medical Group|Summit Orthopedics|Lakeview Dental|"
    "Harbor Pediatrics|Pinecrest Clinic|St. Anne's Hospital|Oakwood Health Partners|"
    "Brightside Dermatology|Meadowbrook Surgery Center|Clearwater Eye Care|Valley Cardiology|"
    "Elmwood Physical Therapy|Granite State Urgent Care|Bayside Women's Health",
    "es": "Clínica San Rafael|Centro Médico Levante|Hospital Santa Lucía|Policlínica del Norte|"
    "Clínica Dental Sonrisa|Centro de Salud Arganzuela|Grupo Médico Ibérico|Clínica Oftalmológica "
    "Visión|Fisioterapia Avanza|Hospital Virgen del Mar|Clínica Pediátrica Osito|"
    "Centro Dermatológico Sol|Policlínica Mediterránea|Clínica Traumatológica Sur",
    "fr": "Clinique du Parc|Cabinet Médical des Lilas|Centre Hospitalier Saint-Louis|"
    "Polyclinique de l'Europe|Cabinet Dentaire Sourire|Maison de Santé du Vieux Port|"
    "Clinique Ophtalmologique Vision|Centre de Kinésithérapie Atlantique|Hôpital Privé Sainte-Anne|"
    "Cabinet de Pédiatrie Les Petits|Centre de Dermatologie Lumière|Clinique des Alpes|"
    "Groupe Médical Rive Gauche|Centre d'Imagerie du Rhône",
}
TITLE = {
    "en": "Practice Manager|Medical Director|Facilities Manager|Office Manager|COO|"
    "Director of Operations|Owner|Administrator|Purchasing Lead|Clinic Manager",
    "es": "Gerente|Director Médico|Responsable de Mantenimiento|Jefa de Administración|"
    "Directora de Operaciones|Propietario|Coordinadora de Compras|Gerente de Clínica",
    "fr": "Gérant|Directeur Médical|Responsable des Services Généraux|Responsable Administrative|"
    "Directrice des Opérations|Propriétaire|Responsable Achats|Directeur de Clinique",
}
TLD = {"en": ["com", "org", "co.uk", "com"], "es": ["es", "com", "es"], "fr": ["fr", "com", "fr"]}


@dataclass(frozen=True)
class Persona:
    id: str
    language: str
    first: str
    last: str
    company: str
    title: str
    domain: str
    greets: float  # probability of opening with a greeting
    signs: float  # probability of a sign-off + name block
    quotes: str  # how their client quotes the original: gmail, outlook, none, html
    mobile: float  # probability of a "Sent from my phone" footer
    disclaimer: bool  # their company appends a legal notice
    typos: float  # chance per word of a typo
    lowercase: bool  # writes without capitals
    accents: bool  # types accents (es/fr); many people on phones do not
    us_dates: bool  # writes numeric dates month first

    @property
    def email(self) -> str:
        return f"{_ascii(self.first)[0]}.{_ascii(self.last)}@{self.domain}".lower()

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if ch.isalnum())


def personas(language: str, count: int, rng: random.Random) -> list[Persona]:
    firsts, lasts = FIRST[language].split(), LAST[language].split()
    companies, titles = COMPANY[language].split("|"), TITLE[language].split("|")
    out = []
    for index in range(count):
        company = rng.choice(companies)
        domain = _ascii(company.split()[-1] + company.split()[0]).lower()[:18]
        out.append(
            Persona(
                id=f"{language}-p{index:03d}",
                language=language,
                first=rng.choice(firsts),
                last=rng.choice(lasts),
                company=company,
                title=rng.choice(titles),
                domain=f"{domain}.{rng.choice(TLD[language])}",
                greets=rng.choice([0.0, 0.3, 0.7, 0.95]),
                signs=rng.choice([0.0, 0.4, 0.8, 1.0]),
                quotes=rng.choice(["gmail", "gmail", "outlook", "outlook", "none", "html"]),
                mobile=rng.choice([0.0, 0.0, 0.2, 0.8]),
                disclaimer=rng.random() < 0.3,
                typos=rng.choice([0.0, 0.0, 0.01, 0.03, 0.06]),
                lowercase=rng.random() < 0.12,
                accents=language == "en" or rng.random() < 0.7,
                us_dates=language == "en" and rng.random() < 0.5,
            )
        )
    return out
