"""Word lists the synthetic market is drawn from. All domains end in .example (RFC 2606),
so no generated address can reach a real mailbox."""

from __future__ import annotations

import numpy as np

PLACES = np.array(
    [
        "Riverside",
        "Oakwood",
        "Summit",
        "Lakeside",
        "Cedar",
        "Maple",
        "Harbor",
        "Valley",
        "Northgate",
        "Westfield",
        "Brookline",
        "Fairview",
        "Pinecrest",
        "Highland",
        "Meadow",
        "Stonebridge",
        "Clearwater",
        "Ridgeview",
        "Silver Lake",
        "Eastwood",
        "Willow Creek",
        "Bayside",
        "Granite",
        "Sunrise",
        "Greenfield",
        "Hillcrest",
        "Kingston",
        "Lincoln",
    ]
)
CLINICS = np.array(
    [
        "Family Practice",
        "Family Medicine",
        "Pediatrics",
        "Dental Group",
        "Dermatology",
        "Orthopedics",
        "Physical Therapy",
        "Medical Group",
        "Internal Medicine",
        "Urgent Care",
        "Women's Health",
        "Cardiology Associates",
        "Eye Care",
        "Health Center",
    ]
)
CLINIC_INDUSTRY = np.array(
    [
        "Medical Practice",
        "Medical Practice",
        "Medical Practice",
        "Dental Practice",
        "Medical Practice",
        "Medical Practice",
        "Physical Therapy",
        "Medical Practice",
        "Medical Practice",
        "Hospital & Health Care",
        "Medical Practice",
        "Medical Practice",
        "Medical Practice",
        "Hospital & Health Care",
    ]
)
OTHER_NOUNS = np.array(
    [
        "Software",
        "Logistics",
        "Foods",
        "Retail",
        "Analytics",
        "Media",
        "Motors",
        "Realty",
        "Consulting",
        "Apparel",
        "Fitness",
        "Insurance",
        "Academy",
        "Brewing",
    ]
)
OTHER_INDUSTRY = np.array(
    [
        "Computer Software",
        "Logistics",
        "Food & Beverages",
        "Retail",
        "Computer Software",
        "Media",
        "Automotive",
        "Real Estate",
        "Management Consulting",
        "Apparel",
        "Health, Wellness",
        "Insurance",
        "Education",
        "Food & Beverages",
    ]
)
SUFFIXES = np.array(["", "", "", ", LLC", " PLLC", ", P.C.", " Inc.", " & Associates"])

FIRST = np.array(
    [
        "Ann",
        "Maria",
        "James",
        "Priya",
        "Wei",
        "Carlos",
        "Emily",
        "David",
        "Fatima",
        "John",
        "Sarah",
        "Michael",
        "Olivia",
        "Daniel",
        "Grace",
        "Ahmed",
        "Laura",
        "Kevin",
        "Chloe",
        "Raj",
        "Hannah",
        "Luis",
        "Megan",
        "Tom",
        "Aisha",
        "Peter",
        "Sofia",
        "Brian",
        "Nina",
        "Omar",
    ]
)
LAST = np.array(
    [
        "Kim",
        "Garcia",
        "Smith",
        "Patel",
        "Chen",
        "Lopez",
        "Johnson",
        "Brown",
        "Khan",
        "Miller",
        "Davis",
        "Wilson",
        "Nguyen",
        "Martin",
        "Lee",
        "Walker",
        "Hall",
        "Young",
        "Allen",
        "Wright",
        "Scott",
        "Green",
        "Baker",
        "Adams",
        "Nelson",
        "Hill",
        "Campbell",
        "Mitchell",
        "Roberts",
    ]
)
NICKNAMES = {
    "James": "Jim",
    "Michael": "Mike",
    "Daniel": "Dan",
    "Peter": "Pete",
    "Thomas": "Tom",
    "David": "Dave",
    "Emily": "Em",
    "Olivia": "Liv",
}

BUYER_TITLES = np.array(
    [
        "Practice Manager",
        "Office Mgr, Family Medicine",
        "Practice Administrator",
        "Medical Director",
        "Facility Manager",
        "Dir. of Clinic Operations",
        "Physician Owner",
        "Clinic Manager",
        "Chief Medical Officer",
        "Office Manager",
    ]
)
BUYER_SENIORITY = np.array([3, 3, 3, 5, 3, 3, 5, 3, 5, 3])
STAFF_TITLES = np.array(
    [
        "Registered Nurse",
        "Receptionist",
        "Billing Specialist",
        "Medical Assistant",
        "Physician",
        "Dental Hygienist",
        "Front Desk Coordinator",
        "Physical Therapist",
    ]
)
OUTSIDE_TITLES = np.array(
    [
        "Software Engineer",
        "Marketing Manager",
        "Sales Representative",
        "Teacher",
        "Student",
        "Consultant",
        "Content Creator",
        "Store Manager",
        "Data Analyst",
        "Graduate Student",
        "Freelancer",
        "Operations Manager",
    ]
)
FREE_MAIL = np.array(["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com"])
DISPOSABLE = np.array(["mailinator.com", "guerrillamail.com", "10minutemail.com", "yopmail.com"])
COUNTRIES = np.array(["US", "CA", "GB", "DE", "IN", "AU"])
COUNTRY_P = np.array([0.78, 0.09, 0.07, 0.02, 0.02, 0.02])

HUMAN_AGENTS = np.array(
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) "
        "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) "
        "AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Microsoft Outlook 16.0.17726; Windows NT 10.0",
    ]
)
SCANNER_AGENTS = np.array(
    [
        "Mozilla/5.0 (compatible; Barracuda Sentinel)",
        "Mimecast-URL-Protect/1.0",
        "Mozilla/5.0 (Windows NT 6.1; WOW64) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0 Safari/537.36",
        "Proofpoint-URLDefense",
    ]
)
PROXY_AGENT = "Mozilla/5.0"
