#!/usr/bin/env python3
"""Writes N synthetic news articles as JSONL for the bulk tests:
{"id": "n00001", "title": ..., "text": ...}, Persian with some English,
built from fixed sentences (with names from tests/bulk/places.tsv) by a
seeded generator, so the same N always gives the same bytes.  Articles run
from one sentence to over a hundred.  Usage: make_news.py N OUT"""
import json
import random
import sys

FA = [
    "وزیر امور خارجه روسیه، لاوروف، امروز وارد مالت شد.",
    "نشست سالانه سازمان در تهران با حضور هیئت‌هایی از کشورهای عضو برگزار شد.",
    "به گزارش خبرنگار ما، گفت‌وگوها درباره همکاری‌های منطقه‌ای ادامه دارد.",
    "سخنگوی دولت در نشست خبری گفت که برنامه‌ها طبق زمان‌بندی پیش می‌رود.",
    "کارشناسان می‌گویند این سفر نشانه‌ای از تغییر در روابط دو کشور است.",
    "بازار سرمایه در هفته گذشته با رشد شاخص‌ها همراه بود.",
    "تیم ملی فوتبال برای مسابقات آینده در تهران اردو زده است.",
]
EN = [
    "Lavrov arrived in Malta on Thursday for the annual meeting.",
    "Officials in Tehran said talks would continue next week.",
]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(42)
    with open(out, "w", encoding="utf-8") as f:
        for i in range(1, n + 1):
            pool = EN if i % 10 == 0 else FA
            size = rnd.choice([1, 2, 3, 5, 10, 20, 40, 120])
            text = " ".join(rnd.choice(pool) for _ in range(size))
            doc = {"id": "n%05d" % i, "title": rnd.choice(pool)[:30], "text": text}
            f.write(json.dumps(doc, ensure_ascii=(i % 3 == 0)) + "\n")


if __name__ == "__main__":
    main()
