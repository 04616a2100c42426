"""Writes loans.csv, the training data of the loans-tree fixture: 600 loan applications with a date and time,
numbers, a boolean, two categories and missing values, and a label drawn from a known logistic rule.
Standard library only; the seed makes the file the same on every run: python3 make_loans.py > loans.csv"""

import datetime
import math
import random
import sys

rng = random.Random(12)
start = datetime.datetime(2022, 1, 1)
regions = ["north", "south", "east", "west"]
terms = ["short", "medium", "long"]
out = sys.stdout
out.write("loan_id,applied,amount,income,region,term,autopay,defaulted\n")
for i in range(600):
    applied = start + datetime.timedelta(minutes=rng.randrange(0, 900 * 24 * 60))
    amount = round(math.exp(rng.gauss(9.2, 0.6)), 2)
    income = round(math.exp(rng.gauss(10.8, 0.4)), 2)
    region = rng.choice(regions)
    term = rng.choice(terms)
    autopay = rng.random() < 0.6
    score = (-2.0 + 6.0 * amount / income + 0.8 * terms.index(term) - 1.2 * autopay
             + (0.9 if region == "south" else 0.0) + (0.5 if applied.month in (11, 12) else 0.0))
    defaulted = rng.random() < 1 / (1 + math.exp(-score))
    cells = [
        f"L{i:04d}",
        applied.strftime("%Y-%m-%d %H:%M"),
        f"{amount}",
        "" if rng.random() < 0.05 else f"{income}",
        "" if rng.random() < 0.05 else region,
        term,
        "" if rng.random() < 0.05 else ("true" if autopay else "false"),
        "yes" if defaulted else "no",
    ]
    out.write(",".join(cells) + "\n")
