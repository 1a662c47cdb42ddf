#!/usr/bin/env python3
"""Generate gazetteers/fa/countries.tsv: countries and territories (GPE) and their
nationalities (NORP).

Sources (../shared/gazetteer-sources, MIT): country-list/data/{en,fa,fa_IR,fa_AF}/country.csv
(umpirsky/country-list): one entity per ISO 3166 code, kb_id = slug of the English name,
`iso=XX` from the source; the English name, the fa, fa_IR and fa_AF names (a name with a
parenthesis, "میانمار (برمه)", gives both parts) are aliases.  English names of
csc/countries_en_fa.tsv are added as English aliases; its Persian names are NOT used (it
swaps the two Koreas, among others).  VARIANTS below adds the usual news spellings
(hand-written, facts only); AMBIGUOUS marks names that are also common words ("مالی"
Mali / financial).  NORP: DEMONYMS gives the nationality adjectives of the countries
Persian news covers most; for the others a regular adjective is generated
(name + ی, name + یی after ا/و) only for one-word names.  kb_id of a nationality =
<country kb_id>-norp, which links it to its country.

Deterministic: rows are sorted by ISO code.  Run: python3 gazetteers/build/countries.py
"""
import csv
import os
from gazlib import GAZ, src, clean, slug, key, write_tsv, persian_letters

# ISO -> extra aliases (= case-sensitive, ? ambiguous).
VARIANTS = {
    "US": "آمریکا|امریکا|ایالات متحده|ایالات متحده آمریکا|ایالات متحده امریکا|ایالات متحدهٔ آمریکا|=US|=USA|=U.S.|=U.S.A.|United States of America|America",
    "GB": "انگلیس|انگلستان|بریتانیا|بریتانیای کبیر|پادشاهی متحد|=UK|=U.K.|Britain|Great Britain|United Kingdom",
    "RU": "روسیه|فدراسیون روسیه|Russian Federation",
    "IR": "ایران|جمهوری اسلامی ایران|جمهوری اسلامی|نظام جمهوری اسلامی|Islamic Republic of Iran",
    "SA": "عربستان|عربستان سعودی|Saudi",
    "AE": "امارات|امارات متحده عربی|امارات عربی متحده|=UAE",
    "KR": "کره جنوبی|Republic of Korea",
    "KP": "کره شمالی|DPRK|=DPRK",
    "CZ": "جمهوری چک|Czech Republic|Czechia|?چک",
    "PS": "فلسطین|Palestine|Palestinian Territories",
    "NL": "هلند|Holland|The Netherlands",
    "TR": "ترکیه|Türkiye",
    # «آذربایجان» alone is also Iran's region (its provinces East and West Azerbaijan): ambiguous,
    # linked only with a country's evidence in the document (LINK_COUNTRY)
    "AZ": "جمهوری آذربایجان|Azerbaijan|?آذربایجان|کشور آذربایجان",
    "CD": "جمهوری دموکراتیک کنگو|Democratic Republic of the Congo|=DRC",
    "CG": "جمهوری کنگو|Republic of the Congo",
    "VA": "واتیکان|Vatican|Holy See",
    "IL": "اسرائیل|رژیم صهیونیستی|رژیم صهیونیست|رژیم اشغالگر قدس|رژیم اشغالگر صهیونیستی|Israel",
    "AF": "افغانستان",
    "IQ": "عراق",
    "SY": "سوریه",
    "LB": "لبنان",
    "YE": "یمن",
    "EG": "مصر",
    "CN": "چین|People's Republic of China",
    "TW": "تایوان",
    "IN": "هند|هندوستان",
    "PK": "پاکستان",
    "DE": "آلمان",
    "FR": "فرانسه",
    "IT": "ایتالیا",
    "ES": "اسپانیا",
    "JP": "ژاپن",
    "BH": "بحرین",
    "KW": "کویت",
    "QA": "قطر",
    "OM": "عمان",
    "JO": "اردن",
    "AM": "ارمنستان",
    "GE": "گرجستان|جورجیا",
    "TJ": "تاجیکستان",
    "TM": "ترکمنستان",
    "UZ": "ازبکستان",
    "KZ": "قزاقستان",
    "KG": "قرقیزستان",
    "UA": "اوکراین",
    "BY": "بلاروس|روسیه سفید",
    "VE": "ونزوئلا",
    "MM": "برمه|Burma",
    "CI": "ساحل عاج|Côte d'Ivoire",
    "LY": "لیبی",
    "SD": "سودان",
    "SS": "سودان جنوبی",
    "MA": "مراکش",
    "DZ": "الجزایر",
    "TN": "تونس",
    "ZA": "آفریقای جنوبی|افریقای جنوبی",
    "CH": "سوئیس|سویس",
    "SE": "سوئد",
    "NO": "نروژ",
    "DK": "دانمارک",
    "FI": "فنلاند",
    "AT": "اتریش",
    "BE": "بلژیک",
    "GR": "یونان",
    "PL": "لهستان",
    "HU": "مجارستان",
    "RO": "رومانی",
    "RS": "صربستان",
    "MX": "مکزیک",
    "BR": "برزیل",
    "AR": "آرژانتین",
    "CA": "کانادا",
    "AU": "استرالیا",
    "NZ": "نیوزیلند",
    "ID": "اندونزی",
    "MY": "مالزی",
    "VN": "ویتنام",
    "TH": "تایلند",
    "PH": "فیلیپین",
    "NG": "نیجریه",
    "ET": "اتیوپی",
    "SO": "سومالی",
}

# Countries whose ambiguous alias is also another place's name (a region of Iran): `link=country`,
# the alias alone is linked only where the document says it is the country (a country word before
# it, a country beside it in a list, the country named plainly or a place of it; tagger/link.c).
LINK_COUNTRY = {"AZ"}

# Names that are also common Persian words: matched only with context.
AMBIGUOUS = {"مالی", "چک", "غنا", "توگو", "چاد", "پرو", "گینه", "کره", "جرزی", "مان", "نائورو",
             "نیوئه", "ماکائو", "جبل‌الطارق", "سنت", "سن", "بنین", "کوبا", "ساموآ", "تونگا",
             "مالدیو", "فیجی", "لسوتو", "اروبا", "گوام", "رئونیون", "مایوت", "گابن", "کنیا"}
# Of AMBIGUOUS, the ones news uses mostly as the country: keep plain.
PLAIN = {"کوبا", "کنیا", "بنین", "گابن", "مالدیو", "فیجی"}

# ISO -> (English demonym, Persian adjective/people forms).  Hand-written.
DEMONYMS = {
    "IR": ("Iranians", "ایرانی|ایرانیان|ایرانیها"),
    "US": ("Americans", "آمریکایی|آمریکاییها|آمریکاییان|امریکایی|امریکاییها|امریکاییان|American|Americans"),
    "RU": ("Russians", "روس|روسها|روسی|Russian|Russians"),
    "GB": ("British", "انگلیسی|انگلیسیها|بریتانیایی|بریتانیاییها|British|Briton|Britons"),
    "IL": ("Israelis", "اسرائیلی|اسرائیلیها|اسرائیلیان|Israeli|Israelis"),
    "AF": ("Afghans", "افغانستانی|افغانستانیها|افغان|افغانها|Afghan|Afghans"),
    "IQ": ("Iraqis", "عراقی|عراقیها|Iraqi|Iraqis"),
    "SY": ("Syrians", "سوری|سوریها|سوریه‌ای|Syrian|Syrians"),
    "LB": ("Lebanese", "لبنانی|لبنانیها|Lebanese"),
    "YE": ("Yemenis", "یمنی|یمنیها|Yemeni|Yemenis"),
    "SA": ("Saudis", "سعودی|سعودیها|عربستانی|Saudi|Saudis"),
    "PS": ("Palestinians", "فلسطینی|فلسطینیها|فلسطینیان|Palestinian|Palestinians"),
    "TR": ("Turks", "ترکیه‌ای|?ترک|ترکها|Turkish|Turks"),
    "EG": ("Egyptians", "مصری|مصریها|Egyptian|Egyptians"),
    "CN": ("Chinese", "چینی|چینیها|Chinese"),
    "IN": ("Indians", "هندی|هندیها|Indian|Indians"),
    "PK": ("Pakistanis", "پاکستانی|پاکستانیها|Pakistani|Pakistanis"),
    "DE": ("Germans", "آلمانی|آلمانیها|German|Germans"),
    "FR": ("French", "فرانسوی|فرانسویها|French"),
    "IT": ("Italians", "ایتالیایی|ایتالیاییها|Italian|Italians"),
    "ES": ("Spaniards", "اسپانیایی|اسپانیاییها|Spanish|Spaniards"),
    "JP": ("Japanese", "ژاپنی|ژاپنیها|Japanese"),
    "KR": ("South Koreans", "کره‌ای|کره جنوبی‌ای|South Korean|South Koreans"),
    "UA": ("Ukrainians", "اوکراینی|اوکراینیها|Ukrainian|Ukrainians"),
    "AE": ("Emiratis", "اماراتی|اماراتیها|Emirati|Emiratis"),
    "QA": ("Qataris", "قطری|قطریها|Qatari|Qataris"),
    "KW": ("Kuwaitis", "کویتی|کویتیها|Kuwaiti|Kuwaitis"),
    "BH": ("Bahrainis", "بحرینی|بحرینیها|Bahraini|Bahrainis"),
    "OM": ("Omanis", "عمانی|عمانیها|Omani|Omanis"),
    "JO": ("Jordanians", "اردنی|اردنیها|Jordanian|Jordanians"),
    "AZ": ("Azerbaijanis", "آذربایجانی|Azerbaijani|Azerbaijanis"),
    "AM": ("Armenians", "ارمنی|ارمنیها|ارامنه|Armenian|Armenians"),
    "GE": ("Georgians", "گرجی|گرجیها|Georgian|Georgians"),
    "TJ": ("Tajiks", "تاجیک|تاجیکها|تاجیکستانی|Tajik|Tajiks"),
    "CA": ("Canadians", "کانادایی|کاناداییها|Canadian|Canadians"),
    "AU": ("Australians", "استرالیایی|استرالیاییها|Australian|Australians"),
    "BR": ("Brazilians", "برزیلی|برزیلیها|Brazilian|Brazilians"),
    "AR": ("Argentines", "آرژانتینی|آرژانتینیها|Argentine|Argentinian|Argentines"),
    "MX": ("Mexicans", "مکزیکی|مکزیکیها|Mexican|Mexicans"),
    "GR": ("Greeks", "یونانی|یونانیها|Greek|Greeks"),
    "NL": ("Dutch", "هلندی|هلندیها|Dutch"),
    "BE": ("Belgians", "بلژیکی|بلژیکیها|Belgian|Belgians"),
    "CH": ("Swiss", "سوئیسی|سوئیسیها|Swiss"),
    "SE": ("Swedes", "سوئدی|سوئدیها|Swedish|Swedes"),
    "NO": ("Norwegians", "نروژی|نروژیها|Norwegian|Norwegians"),
    "PL": ("Poles", "لهستانی|لهستانیها|Polish|Poles"),
    "VE": ("Venezuelans", "ونزوئلایی|Venezuelan|Venezuelans"),
    "LY": ("Libyans", "لیبیایی|لیبیاییها|Libyan|Libyans"),
    "SD": ("Sudanese", "سودانی|سودانیها|Sudanese"),
    "MA": ("Moroccans", "مراکشی|مراکشیها|Moroccan|Moroccans"),
    "DZ": ("Algerians", "الجزایری|الجزایریها|Algerian|Algerians"),
    "TN": ("Tunisians", "تونسی|تونسیها|Tunisian|Tunisians"),
    "NG": ("Nigerians", "نیجریه‌ای|Nigerian|Nigerians"),
    "KZ": ("Kazakhs", "قزاق|قزاقها|قزاقستانی|Kazakh|Kazakhs"),
    "UZ": ("Uzbeks", "ازبک|ازبکها|ازبکستانی|Uzbek|Uzbeks"),
    "TM": ("Turkmens", "ترکمن|ترکمنها|ترکمنستانی|Turkmen|Turkmens"),
    "BY": ("Belarusians", "بلاروسی|Belarusian|Belarusians"),
    "ID": ("Indonesians", "اندونزیایی|اندونزیایی‌ها|Indonesian|Indonesians"),
    "MY": ("Malaysians", "مالزیایی|Malaysian|Malaysians"),
    "VN": ("Vietnamese", "ویتنامی|Vietnamese"),
    "KP": ("North Koreans", "کره شمالی‌ای|North Korean|North Koreans"),
    "AT": ("Austrians", "اتریشی|اتریشیها|Austrian|Austrians"),
    "DK": ("Danes", "دانمارکی|Danish|Danes"),
    "FI": ("Finns", "فنلاندی|Finnish|Finns"),
    "HU": ("Hungarians", "مجارستانی|مجار|Hungarian|Hungarians"),
    "RS": ("Serbs", "صرب|صربها|صربستانی|Serbian|Serbs"),
    "CU": ("Cubans", "کوبایی|Cuban|Cubans"),
    "SO": ("Somalis", "سومالیایی|Somali|Somalis"),
    "ET": ("Ethiopians", "اتیوپیایی|Ethiopian|Ethiopians"),
}


def read_csv(lang):
    with open(src("country-list", "data", lang, "country.csv"), encoding="utf-8") as f:
        return {r["id"]: clean(r["value"]) for r in csv.DictReader(f)}


def split_names(n):
    out = [n]
    if "(" in n:
        a, b = n.split("(", 1)
        out = [clean(a), clean(b.rstrip(")"))]
    if "،" in n:   # «هنگ‌کنگ، منطقهٔ ویژهٔ اداری چین»: the name, then what it is (dropped)
        out = [clean(n.split("،")[0])]
    return [x for x in out if x]


# Canonical English names where the country-list name is a description ("Hong Kong SAR China").
CANON = {"HK": "Hong Kong", "MO": "Macao"}


def wikidata_ids():
    """iso2 -> QID, from csc countries.json (dr5hn/countries-states-cities-database)."""
    import json
    with open(src("csc", "countries.json"), encoding="utf-8") as f:
        return {c["iso2"]: c["wikiDataId"] for c in json.load(f)
                if str(c.get("wikiDataId") or "").startswith("Q")}


def mark(a):
    if a in AMBIGUOUS and a not in PLAIN:
        return "?" + a
    return a


def main():
    en, fa, fa_ir, fa_af = (read_csv(l) for l in ("en", "fa", "fa_IR", "fa_AF"))
    csc_en = {}
    with open(src("csc", "countries_en_fa.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            csc_en[r["iso2"]] = clean(r["name_en"])
    rows, norp = [], []
    qids = wikidata_ids()
    for iso in sorted(en):
        name = CANON.get(iso, en[iso])
        kb = slug(name)
        canon = CANON.get(iso) or csc_en.get(iso) if iso in ("US", "GB", "CD", "CG", "BA", "AG", "KN", "LC", "VC", "ST", "TT", "PM", "WF", "SJ", "HM", "TC") and csc_en.get(iso) else name
        canon = canon.replace(" & ", " and ")
        aliases = []
        for table in (fa, fa_ir, fa_af):
            if iso in table:
                aliases += split_names(table[iso])
        aliases += VARIANTS.get(iso, "").split("|")
        aliases += split_names(name)
        if iso in csc_en:
            aliases.append(csc_en[iso])
        aliases = [mark(a) if not a.startswith(("?", "=")) else a for a in aliases if a]
        persian = [a for a in aliases if not a.startswith(("?", "=")) and persian_letters(a)]
        # the generic head: «کشور روسیه» is Russia (the corpus-induced lists had it apart)
        aliases += ["کشور " + a for a in persian if not a.startswith(("کشور", "جمهوری", "پادشاهی"))]
        extra = ["priority=10", "iso=" + iso]
        if iso in qids:
            extra.append("wikidata=" + qids[iso])
        if iso in LINK_COUNTRY:
            extra.append("link=country")
        fa_name = (VARIANTS.get(iso, "").split("|")[0] or (persian[0] if persian else "")).lstrip("?=")
        if fa_name:
            extra.append("name_fa=" + fa_name)
        rows.append((kb, "GPE", canon, aliases, extra))
        if iso in DEMONYMS:
            dn, forms = DEMONYMS[iso]
            norp.append((kb + "-norp", "NORP", dn, forms.split("|"), ["name_fa=" + forms.split("|")[0]]))
        else:
            base = fa.get(iso, "")
            if base and " " not in base and "(" not in base and base not in AMBIGUOUS:
                if base[-1] in "او":
                    adj = base + "یی"
                elif base[-1] in "هیئ":
                    adj = None
                else:
                    adj = base + "ی"
                if adj:
                    norp.append((kb + "-norp", "NORP", "people of " + canon, [adj], ["name_fa=" + adj]))
    header = [
        "GENERATED by gazetteers/build/countries.py: do not edit, edit the script.",
        "Countries and territories (GPE, iso= from umpirsky/country-list, MIT; wikidata= from csc countries.json, ODbL)",
        "and nationalities (NORP, kb_id <country>-norp).",
        "Columns: kb_id  LABEL  canonical name  aliases  [key=value ...]",
    ]
    write_tsv(os.path.join(GAZ, "fa", "countries.tsv"), header, rows + norp)


if __name__ == "__main__":
    main()
