"""The questions a new survey starts with.

The nine IKM elements are fixed by PermenPANRB 14/2017 (Lampiran, "unsur pelayanan"): their
names, questions and four answer labels as the regulation's sample questionnaire words them.
The IPKP and IPAK items are the sets courts commonly use; a court edits them until the first
response arrives. Texts are the court's questionnaire, so Indonesian first, with English.
"""

AGREE_ID = ["Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"]
AGREE_EN = ["Strongly disagree", "Disagree", "Agree", "Strongly agree"]

# number, element name (as the regulation names it), question (id), question (en),
# labels 1-4 (id), labels 1-4 (en)
IKM_ELEMENTS = [
    (1, "Persyaratan",
     "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
     "pelayanannya?",
     "How well do the service's requirements fit the kind of service?",
     ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
     ["Not suitable", "Less suitable", "Suitable", "Very suitable"]),
    (2, "Sistem, Mekanisme, dan Prosedur",
     "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
     "How easy is this unit's service procedure?",
     ["Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"],
     ["Not easy", "Less easy", "Easy", "Very easy"]),
    (3, "Waktu Penyelesaian",
     "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
     "How fast was the service delivered?",
     ["Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"],
     ["Not fast", "Less fast", "Fast", "Very fast"]),
    (4, "Biaya/Tarif",
     "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
     "How fair were the service's costs or fees?",
     ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"],
     ["Very expensive", "Fairly expensive", "Cheap", "Free"]),
    (5, "Produk Spesifikasi Jenis Pelayanan",
     "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
     "dalam standar pelayanan dengan hasil yang diberikan?",
     "How well did what you received match the service standard?",
     ["Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"],
     ["Not suitable", "Less suitable", "Suitable", "Very suitable"]),
    (6, "Kompetensi Pelaksana",
     "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
     "How competent were the staff who served you?",
     ["Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"],
     ["Not competent", "Less competent", "Competent", "Very competent"]),
    (7, "Perilaku Pelaksana",
     "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan "
     "dan keramahan?",
     "How polite and friendly were the staff?",
     ["Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
      "Sangat sopan dan ramah"],
     ["Not polite and friendly", "Less polite and friendly", "Polite and friendly",
      "Very polite and friendly"]),
    (8, "Penanganan Pengaduan, Saran dan Masukan",
     "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
     "How are service users' complaints handled?",
     ["Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
      "Dikelola dengan baik"],
     ["There is none", "There is one but it does not work", "It works, not fully",
      "It is well managed"]),
    (9, "Sarana dan Prasarana",
     "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
     "How good are the facilities?",
     ["Buruk", "Cukup", "Baik", "Sangat baik"],
     ["Poor", "Fair", "Good", "Very good"]),
]  # fmt: skip

IPKP_ITEMS = [
    ("Informasi pelayanan tersedia melalui media elektronik maupun non elektronik.",
     "Information on the services is available in print and online."),
    ("Persyaratan pelayanan mudah dipenuhi.", "The requirements are easy to meet."),
    ("Prosedur pelayanan mudah diikuti.", "The procedure is easy to follow."),
    ("Waktu penyelesaian pelayanan sesuai dengan yang ditetapkan.",
     "The service was completed within the time set."),
    ("Biaya pelayanan sesuai dengan ketentuan.", "The costs are those set by the rules."),
    ("Produk pelayanan sesuai dengan yang dijanjikan.", "What I received is what was promised."),
    ("Sarana dan prasarana pelayanan nyaman.", "The service facilities are comfortable."),
    ("Petugas melayani dengan kompeten dan ramah.", "The staff were competent and friendly."),
    ("Petugas menanggapi keluhan pengguna layanan.", "The staff respond to users' complaints."),
]  # fmt: skip

IPAK_ITEMS = [
    ("Tidak ada diskriminasi dalam pelayanan.", "There is no discrimination in the service."),
    ("Tidak ada pelayanan di luar prosedur.", "No one is served outside the procedure."),
    ("Tidak ada imbalan atau gratifikasi di luar ketentuan.",
     "No payments or gifts are asked or taken outside the rules."),
    ("Tidak ada pungutan liar.", "There are no illegal charges."),
    ("Tidak ada percaloan atau perantara tidak resmi.", "There are no brokers or fixers."),
]  # fmt: skip

SERVICES = [
    "Pendaftaran perkara",
    "Informasi perkara",
    "Pengambilan produk pengadilan",
    "Pos bantuan hukum",
    "Layanan lainnya",
]
