#!/usr/bin/env python3
"""Synthetic customs declarations with known ground truth, for the risk-scoring benchmark.

Usage: generate.py [--declarations N] [--seed S] [--fraud-rate R] --out PATH.csv
(defaults: N = 200,000, S = 1, R = 0.03). numpy only, vectorised: 1,000,000 rows in a few
seconds. The same seed (and the same N and R) gives the same file byte for byte. A one-line
summary goes to stderr.

Everything below is drawn from one numpy Generator (PCG64) seeded with S, world first, then
rows; numpy does not promise the same stream across its releases, so byte-for-byte equality holds
for the numpy pinned in requirements.txt.

World
-----
* HS codes: 400 eight-digit codes. Every chapter 01-97 (77 is reserved and left out) has at
  least one; the other 304 are spread by chapter weight, which favours machinery (84) and
  electrical/electronic goods (85), then plastics (39), garments (61, 62), vehicles (87),
  instruments (90), steel articles (73), furniture (94), footwear (64), toys (95) and the textile
  chapters 50-60. Each code has
  - an MFN duty rate of 0-30 % in steps of 1 %: a chapter level (garments ~20 %, footwear 25 %,
    vehicles 20 %, food 15 %, beverages 30 %, machinery 2 %, electronics 4 %, chemicals 3 % ...)
    times a log-normal spread (sigma 0.6), and one code in seven is duty-free;
  - a unit of quantity fixed by chapter: KGM (bulk, metals, food, chemicals), LTR (beverages,
    some oils and chemicals), MTR (some fabrics), PR (footwear), PCE or SET (manufactured goods);
  - a kilogram-per-unit figure (1 for KGM, 1-1.3 for LTR, log-uniform within a range by unit
    and, for PCE and SET, by chapter: a garment 0.1-1.5 kg, a machine 0.5-500 kg ...);
  - a popularity (chapter weight times a log-normal share), which drives how often it is traded.
* Origins: 40 countries (ISO 3166 alpha-2) with a trade weight (CN largest, then VN, KR, JP, US,
  DE, TH ...), a price level (log offset: DE/JP/US/CH dearer, CN/VN/BD/IN cheaper) and a
  preference factor: the duty rate actually applied is round(MFN x factor, 4), with factor 1
  (no agreement), 0.5 (partial agreement: KR, JP, IN, GB, AU, NZ, CL) or 0.25 (regional
  agreement: the nine ASEAN-like origins VN, TH, MY, SG, ID, PH, KH, MM, LA; see COUNTRIES).
  Each origin has one to three ports of loading, 5-character UN/LOCODE-like codes (the country
  code and three letters, invented).
* True unit price: log-normal. Per code a median (log-uniform within a range that depends on
  the unit: KGM 0.5-30 USD, PCE 2-2,000, SET 20-5,000, MTR 1-20, LTR 1-50, PR 5-100; counted
  goods of some chapters have their own ranges, e.g. garments 2-80, machinery 10-20,000,
  vehicles 100-40,000, a SET there three times the PCE range; see COUNTED_OVERRIDE) and a spread
  sigma in U(0.2, 0.45); per (code, origin) the log median is shifted by the origin's price level
  plus N(0, 0.15).
* Importers: 5,000, each with a unique 10-digit tax code; a size (log-normal, sigma 1.2) that
  sets how much it trades; 2-6 licensed HS chapters drawn by chapter weight, with a Dirichlet
  preference over them; three favourite origins; a creation date (`importer_since`): 85 % were
  created between 2008-01-01 and 2023-12-31, 15 % during the period (2024-01-01 to 2025-11-30)
  and only declare after that date; a random propensity effect N(0, 0.5); a favourite fraud
  kind. About 3 % are repeat offenders (exactly round(3 % x 5,000) = 150).
* Declarants (customs brokers): 300, unique 10-digit tax codes, disjoint from the importers'.
  Each importer has a primary broker (drawn with Zipf-like weights, so big brokers serve
  hundreds of importers) and a secondary one. A broker's risk is N(0, 0.4) on the log scale, and
  6 % of brokers are "risky" (+1.2).

Rows
----
* Each row is one declaration with one goods line. `id` is 1..N in time order.
* Importer: drawn with weight size x (share of the period it exists in). Date: a day-level
  density over 2024-01-01..2025-12-31 (731 days) with a yearly wave peaking in late October
  (+/-20 %), a dip in the two weeks around Lunar New Year (x0.5), weekends (Saturday x0.6,
  Sunday x0.3) and a 10 % upward trend over the two years; a new importer's rows start the day
  after its creation. Time of day: mostly 07:00-19:00. Rows are sorted by time.
* Broker: the importer's primary one (80 %), its secondary one (17 %), any broker (3 %).
* Goods: the true HS code comes from one of the importer's licensed chapters (97 %; chapter
  by the importer's preference, code by popularity within the chapter), or from anywhere by
  popularity (3 %: honest trade outside the licensed chapters). True origin: one of the
  importer's favourites (70 %, weights 0.5/0.3/0.2) or any origin by trade weight.
* Quantity (integer >= 1): log-normal around a per-code median sized so that a typical
  consignment is worth about 20,000 USD (times size^0.25 of the importer), sigma 1.0.
  True value = quantity x true unit price. Net mass = quantity x kg per unit x LN(0, 0.1);
  `gross_kg` = net mass x U(1.02, 1.15) (packaging); `gross_kg` is always the physical truth.
* Honest noise: besides the unit-price spread, 2 % of honest rows declare U(0.25, 0.7) x the
  true value (samples, end-of-line stock, related-party discounts) and 1 % declare U(1.5, 4) x.
  These are not fraud and carry no revenue lost.
* Route: the port of loading is in the (true) origin 88 % of the time, with 0-3 transhipments
  (P = .62/.28/.08/.02); otherwise at a hub (SG, HK, MY, KR, AE, NL ports) with 1-3
  transhipments. `dwell_hours`: container dwell time in the zone, log-normal median 40 h,
  sigma 0.7, x(1 + 0.08 x transhipments), x1.2 for frauds, clipped to 1-1,000 h, 1 decimal.

Fraud
-----
Propensity (log-odds) = b0 + 2.4 x repeat_offender + broker log-risk + importer effect
+ 1.2 x exp(-age_days / 150) (age of the importer at the declaration: new importers are riskier)
+ 7 x the true applied duty rate + N(0, 0.7) row noise. b0 is solved by bisection so that the
mean probability is --fraud-rate, then each row is fraud with its own probability: the realised
rate is close to, not exactly, R. A model can learn it from the importer, the broker, the age,
the goods and the history, but never perfectly.

A fraud's kind is drawn from 0.5 x (0.45 undervaluation, 0.30 misclassification,
0.25 false_origin) + 0.5 x the importer's favourite-kind mix (Dirichlet(0.6)), among the kinds
that can lose duty on that row (misclassification needs a code with a lower MFN and a non-zero
rate; false_origin needs an origin with a lower preference factor and a non-zero rate);
undervaluation is always possible (VAT).
* undervaluation: declared value = true value x U(0.2, 0.7). Code and origin are true.
* misclassification: the goods are declared under another code with a strictly lower MFN rate:
  a code of the same chapter (35 %), of one of the importer's licensed chapters, drawn
  uniformly (40 %), or of any chapter, uniformly among all lower-MFN codes (the rest, and the
  fallback when four draws in the chosen chapter found no lower-rate code; such a code is
  usually outside the licensed chapters: about a third of misclassified rows end up outside). The declared value is the true one, so
  the declared unit value (and kg per unit) is that of the true goods, which looks off for the
  declared code. The unit becomes the declared code's unit: to KGM, quantity = round(net kg);
  from KGM to a counted unit, quantity = round(net kg / declared code's kg per unit); otherwise
  the count is kept (always >= 1). `gross_kg` stays the true one.
* false_origin: the declared origin is one with a lower preference factor (weighted towards
  transhipment hubs: VN, MY, TH, SG, ID, KH, IN, KR). The value is the true one, typical of the
  true origin's price level. The port of loading is in the declared origin 45 % of the time (at
  least one transhipment: the goods went through it), in the true origin 35 % (a mismatch), or
  at a hub 20 %.
* Frauds are also a little slower through the zone (dwell x1.2) and undervaluation and
  misclassification rows get one more transhipment 10 % of the time (capped at 3).

Revenue
-------
Taxes on a declaration with customs value v (the declared `value_usd`, taken as CIF) and duty
rate r: duty = v x r, VAT = 10 % x (v + duty), so tax(v, r) = v x (1.1 r + 0.1).
`revenue_lost` = tax(true value, true rate) - tax(declared value, declared rate), in USD with two
decimals, 0 for honest rows:
* undervaluation: (true - declared value) x (1.1 r + 0.1);
* misclassification and false_origin: true value x 1.1 x (true rate - declared rate).
`duty_rate` in the file is always the DECLARED code's MFN times the DECLARED origin's factor.

Columns
-------
id,registered_at,declarant,importer,importer_since,hs_code,origin,quantity,unit,gross_kg,
value_usd,duty_rate,licensed_chapters,transhipments,loading_port,dwell_hours,fraud,fraud_kind,
revenue_lost
(times as YYYY-MM-DDTHH:MM:SSZ, UTC; licensed_chapters as two-digit chapters joined by ';';
duty_rate as a decimal fraction such as 0.15 or 0.075; value_usd, gross_kg, revenue_lost with two
decimals; fraud 0/1; fraud_kind none, undervaluation, misclassification or false_origin).
"""

import argparse
import sys
import time

import numpy as np

# (code, trade weight, log price level, preference factor, false-origin target weight)
COUNTRIES = [
    ("CN", 30.0, -0.30, 1.00, 0.0), ("VN", 8.0, -0.25, 0.25, 4.0), ("KR", 7.0, 0.10, 0.50, 0.8),
    ("JP", 6.0, 0.35, 0.50, 0.2), ("TH", 5.0, -0.15, 0.25, 2.0), ("MY", 4.0, -0.10, 0.25, 3.0),
    ("SG", 3.0, 0.15, 0.25, 1.0), ("ID", 3.0, -0.20, 0.25, 1.0), ("PH", 2.0, -0.20, 0.25, 0.3),
    ("IN", 4.0, -0.25, 0.50, 0.8), ("TW", 4.0, 0.05, 1.00, 0.0), ("HK", 2.0, 0.00, 1.00, 0.0),
    ("US", 6.0, 0.35, 1.00, 0.0), ("DE", 5.0, 0.45, 1.00, 0.0), ("FR", 2.0, 0.40, 1.00, 0.0),
    ("IT", 2.0, 0.40, 1.00, 0.0), ("GB", 2.0, 0.35, 0.50, 0.2), ("NL", 2.0, 0.30, 1.00, 0.0),
    ("ES", 1.0, 0.25, 1.00, 0.0), ("PL", 1.0, 0.05, 1.00, 0.0), ("TR", 1.5, -0.05, 1.00, 0.0),
    ("BR", 1.0, 0.00, 1.00, 0.0), ("MX", 1.0, 0.00, 1.00, 0.0), ("CA", 1.0, 0.30, 1.00, 0.0),
    ("AU", 1.5, 0.30, 0.50, 0.3), ("NZ", 0.8, 0.25, 0.50, 0.2), ("BD", 2.0, -0.40, 1.00, 0.0),
    ("PK", 1.0, -0.35, 1.00, 0.0), ("LK", 0.6, -0.25, 1.00, 0.0), ("KH", 1.0, -0.35, 0.25, 1.0),
    ("MM", 0.5, -0.35, 0.25, 0.2), ("LA", 0.4, -0.35, 0.25, 0.2), ("AE", 1.0, 0.10, 1.00, 0.0),
    ("SA", 0.5, 0.05, 1.00, 0.0), ("RU", 1.0, -0.05, 1.00, 0.0), ("CH", 0.8, 0.55, 1.00, 0.0),
    ("SE", 0.6, 0.40, 1.00, 0.0), ("CZ", 0.6, 0.10, 1.00, 0.0), ("CL", 0.5, 0.00, 0.50, 0.2),
    ("ZA", 0.5, 0.00, 1.00, 0.0),
]
HUBS = {"SG": 4.0, "HK": 3.0, "MY": 2.0, "KR": 2.0, "AE": 1.0, "NL": 1.0}

# Chapter weights for the number of codes and the trade volume (1 unless listed).
CHAPTER_WEIGHT = {
    84: 30, 85: 35, 39: 10, 61: 8, 62: 8, 87: 8, 90: 8, 73: 6, 94: 6, 64: 5, 95: 5, 40: 4,
    72: 4, 52: 4, 54: 4, 55: 4, 60: 4, 63: 3, 48: 3, 29: 3, 30: 3, 33: 2, 44: 2, 76: 2, 83: 2,
    42: 2, 82: 2, 96: 2, 69: 2, 70: 2,
}


def chapter_duty_level(c):
    if c == 22:
        return 0.30
    if c == 64:
        return 0.25
    if 61 <= c <= 63 or 86 <= c <= 89:
        return 0.20
    if c <= 24 or c in (65, 66, 67, 94, 96):
        return 0.15
    if c == 95:
        return 0.12
    if 41 <= c <= 43 or 50 <= c <= 60 or 68 <= c <= 70 or c == 93:
        return 0.10
    if c == 39:
        return 0.06
    if c in (40, 71) or 72 <= c <= 83:
        return 0.05
    if c == 85 or 44 <= c <= 49:
        return 0.04
    if 25 <= c <= 38 or 90 <= c <= 92:
        return 0.03
    if c == 84:
        return 0.02
    return 0.0  # 97: works of art


UNITS = ["KGM", "LTR", "MTR", "PR", "PCE", "SET"]
U_KGM, U_LTR, U_MTR, U_PR, U_PCE, U_SET = range(6)
# log-uniform ranges of the median unit price (USD) and of kg per unit, by unit
PRICE_RANGE = {U_KGM: (0.5, 30), U_LTR: (1, 50), U_MTR: (1, 20), U_PR: (5, 100),
               U_PCE: (2, 2000), U_SET: (20, 5000)}
KG_RANGE = {U_KGM: (1, 1), U_LTR: (1.0, 1.3), U_MTR: (0.1, 0.6), U_PR: (0.5, 1.5),
            U_PCE: (0.05, 50), U_SET: (1, 100)}

# Chapter overrides for counted units (PCE, SET): (price low, high), (kg per unit low, high)
COUNTED_OVERRIDE = {
    61: ((2, 60), (0.1, 1.5)), 62: ((2, 80), (0.1, 1.5)), 63: ((1, 40), (0.1, 3)),
    65: ((1, 30), (0.05, 0.5)), 66: ((2, 30), (0.2, 1)), 67: ((1, 20), (0.01, 0.5)),
    71: ((50, 5000), (0.005, 0.2)), 84: ((10, 20000), (0.5, 500)), 85: ((2, 3000), (0.05, 30)),
    87: ((100, 40000), (5, 1500)), 90: ((5, 5000), (0.05, 20)), 94: ((10, 800), (2, 60)),
    95: ((1, 100), (0.05, 3)), 96: ((0.2, 20), (0.005, 0.5)), 39: ((0.2, 20), (0.01, 5)),
    40: ((1, 200), (0.05, 40)),
}

KINDS = ["none", "undervaluation", "misclassification", "false_origin"]
START = np.datetime64("2024-01-01T00:00:00", "s")
DAYS = 731  # 2024 (leap) and 2025
N_HS, N_IMPORTERS, N_DECLARANTS = 400, 5000, 300
OFFENDER_SHARE, RISKY_BROKER_SHARE = 0.03, 0.06


def chapter_unit(rng, c, n):
    """Units for n codes of chapter c."""
    u = rng.random(n)
    if c == 22:
        return np.full(n, U_LTR)
    if c in (27, 29, 33, 38):
        return np.where(u < 0.3, U_LTR, U_KGM)
    if c == 64:
        return np.full(n, U_PR)
    if 50 <= c <= 60:
        return np.where(u < 0.5, U_MTR, U_KGM)
    if c in (39, 40):
        return np.where(u < 0.7, U_KGM, U_PCE)
    if c <= 38 or 44 <= c <= 49 or 68 <= c <= 81:
        return np.full(n, U_KGM)
    if c in (61, 62, 63, 84, 85, 90, 91, 92, 94, 95):
        return np.where(u < 0.2, U_SET, U_PCE)
    return np.full(n, U_PCE)


def unique_tax_codes(rng, n):
    """n distinct 10-digit tax codes (first digit non-zero), in draw order."""
    draws = rng.integers(1_000_000_000, 10_000_000_000, size=n * 2)
    _, first = np.unique(draws, return_index=True)
    return draws[np.sort(first)[:n]]


def pick_weighted(rng, weights, n):
    """n indices drawn with the given (unnormalised) weights."""
    cum = np.cumsum(weights, dtype=np.float64)
    return np.minimum(np.searchsorted(cum, rng.random(n) * cum[-1], side="right"), len(cum) - 1)


def build_world(rng):
    w = {}
    chapters = np.array([c for c in range(1, 98) if c != 77])
    cw = np.array([CHAPTER_WEIGHT.get(c, 1) for c in chapters], dtype=np.float64)
    extra = np.bincount(pick_weighted(rng, cw, N_HS - len(chapters)), minlength=len(chapters))
    per_chapter = 1 + extra
    hs_chapter = np.repeat(chapters, per_chapter)  # grouped by chapter, ascending
    n = len(hs_chapter)
    # eight-digit codes: chapter, then six digits, unique within the chapter
    codes = np.empty(n, dtype=np.int64)
    start = 0
    for c, k in zip(chapters, per_chapter):
        tail = np.sort(rng.choice(999_900, size=k, replace=False) + 100)
        codes[start:start + k] = c * 1_000_000 + tail
        start += k
    w["hs_code"] = np.array([f"{c:08d}" for c in codes])
    w["hs_chapter"] = hs_chapter
    level = np.array([chapter_duty_level(c) for c in hs_chapter])
    mfn = np.round(np.clip(level * rng.lognormal(0.0, 0.6, n), 0.0, 0.30), 2)
    mfn[rng.random(n) < 1 / 7] = 0.0
    w["mfn"] = mfn
    unit = np.empty(n, dtype=np.int64)
    start = 0
    for c, k in zip(chapters, per_chapter):
        unit[start:start + k] = chapter_unit(rng, c, k)
        start += k
    w["unit"] = unit
    counted = (unit == U_PCE) | (unit == U_SET)
    over = [COUNTED_OVERRIDE.get(c) if k else None for c, k in zip(hs_chapter, counted)]
    lo_p = np.array([o[0][0] if o else PRICE_RANGE[u][0] for o, u in zip(over, unit)], dtype=np.float64)
    hi_p = np.array([o[0][1] if o else PRICE_RANGE[u][1] for o, u in zip(over, unit)], dtype=np.float64)
    set_ = (unit == U_SET) & np.array([o is not None for o in over])  # a set: 3 pieces' worth
    lo_p[set_] *= 3
    hi_p[set_] *= 3
    log_price = rng.uniform(np.log(lo_p), np.log(hi_p))
    w["price_sigma"] = rng.uniform(0.2, 0.45, n)
    lo_k = np.array([o[1][0] if o else KG_RANGE[u][0] for o, u in zip(over, unit)], dtype=np.float64)
    hi_k = np.array([o[1][1] if o else KG_RANGE[u][1] for o, u in zip(over, unit)], dtype=np.float64)
    lo_k[set_] *= 3
    hi_k[set_] *= 3
    w["kg_per_unit"] = np.exp(rng.uniform(np.log(lo_k), np.log(hi_k)))
    cw_of = {c: x for c, x in zip(chapters, cw)}
    popularity = np.array([cw_of[c] for c in hs_chapter]) / per_chapter[np.searchsorted(chapters, hs_chapter)]
    w["popularity"] = popularity * rng.lognormal(0.0, 1.0, n)
    # per chapter: index range into the (chapter-grouped) codes
    w["chapters"] = chapters
    w["chapter_weight"] = cw
    bounds = np.concatenate([[0], np.cumsum(per_chapter)])
    w["ch_start"], w["ch_end"] = bounds[:-1], bounds[1:]
    w["ch_index"] = np.full(98, -1)
    w["ch_index"][chapters] = np.arange(len(chapters))

    # origins
    w["origin_code"] = np.array([c[0] for c in COUNTRIES])
    w["origin_weight"] = np.array([c[1] for c in COUNTRIES])
    price_level = np.array([c[2] for c in COUNTRIES])
    w["pref"] = np.array([c[3] for c in COUNTRIES])
    w["fo_weight"] = np.array([c[4] for c in COUNTRIES])
    no = len(COUNTRIES)
    w["log_price"] = log_price[:, None] + price_level[None, :] + rng.normal(0.0, 0.15, (n, no))
    # ports: one to three per origin, the first the busiest
    names, owner = [], []
    seen = set()
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    for o, (code, *_rest) in enumerate(COUNTRIES):
        k = int(rng.integers(1, 4))
        while k:
            name = code + "".join(rng.choice(letters, 3))
            if name not in seen:
                seen.add(name)
                names.append(name)
                owner.append(o)
                k -= 1
    w["port_name"] = np.array(names)
    owner = np.array(owner)
    w["port_first"] = np.searchsorted(owner, np.arange(no))
    w["port_count"] = np.bincount(owner, minlength=no)
    hub_o = np.array([w["origin_code"].tolist().index(h) for h in HUBS])
    w["hub_port"] = w["port_first"][hub_o]  # main port of each hub
    w["hub_weight"] = np.array(list(HUBS.values()))

    # importers
    ni = N_IMPORTERS
    w["imp_tax"] = unique_tax_codes(rng, ni + N_DECLARANTS)
    w["dec_tax"] = w["imp_tax"][ni:]
    w["imp_tax"] = w["imp_tax"][:ni]
    w["imp_size"] = rng.lognormal(0.0, 1.2, ni)
    k_ch = rng.integers(2, 7, ni)
    lic = np.full((ni, 6), -1)
    lic_cum = np.ones((ni, 6))
    lic_text = []
    p_ch = cw / cw.sum()
    for i in range(ni):
        chosen = rng.choice(len(chapters), size=k_ch[i], replace=False, p=p_ch)
        lic[i, :k_ch[i]] = chosen
        pref = rng.dirichlet(np.ones(k_ch[i]))
        lic_cum[i, :k_ch[i]] = np.cumsum(pref)
        lic_text.append(";".join(f"{chapters[c]:02d}" for c in chosen))
    lic_cum[np.arange(ni), k_ch - 1] = 1.0
    w["lic"], w["lic_cum"], w["lic_k"], w["lic_text"] = lic, lic_cum, k_ch, np.array(lic_text)
    w["imp_origins"] = pick_weighted(rng, w["origin_weight"], ni * 3).reshape(ni, 3)
    new = rng.random(ni) < 0.15
    old_lo = (np.datetime64("2008-01-01T00:00:00", "s") - START).astype(np.int64)
    new_hi = (np.datetime64("2025-11-30T00:00:00", "s") - START).astype(np.int64)
    since = np.where(new, rng.integers(0, new_hi, ni), rng.integers(old_lo, 0, ni))
    w["imp_since"] = since  # seconds from START (negative before the period)
    w["imp_offender"] = np.zeros(ni, dtype=bool)
    w["imp_offender"][rng.choice(ni, size=round(OFFENDER_SHARE * ni), replace=False)] = True
    w["imp_effect"] = rng.normal(0.0, 0.5, ni)
    w["imp_kind"] = rng.dirichlet(np.full(3, 0.6), ni)
    dw = 1.0 / np.arange(1, N_DECLARANTS + 1) ** 0.8
    w["imp_primary"] = pick_weighted(rng, dw, ni)
    w["imp_secondary"] = pick_weighted(rng, dw, ni)
    w["dec_risk"] = rng.normal(0.0, 0.4, N_DECLARANTS) + 1.2 * (rng.random(N_DECLARANTS) < RISKY_BROKER_SHARE)

    # day density
    day = np.arange(DAYS)
    dates = START + day * np.int64(86400)
    doy = (dates - dates.astype("datetime64[Y]")).astype("timedelta64[D]").astype(np.int64)
    weekday = (day + 0) % 7  # 2024-01-01 is a Monday: 0 = Monday
    dens = 1.0 + 0.2 * np.cos(2 * np.pi * (doy - 297) / 365.0)
    dens *= np.where(weekday == 5, 0.6, np.where(weekday == 6, 0.3, 1.0))
    dens *= 1.0 + 0.1 * day / DAYS
    for lny in ("2024-02-10", "2025-01-29"):
        d0 = (np.datetime64(lny) - np.datetime64("2024-01-01")).astype(np.int64)
        dens[max(d0 - 7, 0):d0 + 7] *= 0.5
    w["day_cdf"] = np.concatenate([[0.0], np.cumsum(dens) / dens.sum()])
    hours = np.array([1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 8, 12, 14, 14, 12, 10, 8, 5, 3, 2, 1, 1],
                     dtype=np.float64)
    w["hour_weight"] = hours
    return w


def pick_in_chapter(rng, w, ch_idx):
    """For each chapter index, a code of that chapter drawn by popularity."""
    cum = np.cumsum(w["popularity"])
    lo = np.where(w["ch_start"][ch_idx] > 0, cum[w["ch_start"][ch_idx] - 1], 0.0)
    hi = cum[w["ch_end"][ch_idx] - 1]
    x = lo + rng.random(len(ch_idx)) * (hi - lo)
    code = np.searchsorted(cum, x, side="right")
    return np.clip(code, w["ch_start"][ch_idx], w["ch_end"][ch_idx] - 1)


def generate(n, seed, fraud_rate):
    rng = np.random.default_rng(seed)
    w = build_world(rng)
    ni = N_IMPORTERS

    # importer and time
    since_day = np.floor_divide(w["imp_since"], 86400)
    first_day = np.clip(since_day + 1, 0, DAYS - 1)
    cdf = w["day_cdf"]
    active = 1.0 - cdf[first_day]
    imp = pick_weighted(rng, w["imp_size"] * active, n)
    lo = cdf[first_day[imp]]
    u = lo + rng.random(n) * (1.0 - lo)
    day = np.clip(np.searchsorted(cdf, u, side="right") - 1, first_day[imp], DAYS - 1)
    hour = pick_weighted(rng, w["hour_weight"], n)
    ts = day * 86400 + hour * 3600 + rng.integers(0, 3600, n)
    order = np.argsort(ts, kind="stable")
    imp, ts = imp[order], ts[order]
    del order, lo, u, day, hour

    # broker
    r = rng.random(n)
    dec = np.where(r < 0.80, w["imp_primary"][imp], w["imp_secondary"][imp])
    anyone = r >= 0.97
    dec[anyone] = rng.integers(0, N_DECLARANTS, int(anyone.sum()))

    # true goods and origin
    licensed = rng.random(n) < 0.97
    k = (rng.random(n)[:, None] > w["lic_cum"][imp]).sum(axis=1)
    ch_idx = np.where(licensed, w["lic"][imp, np.minimum(k, 5)], 0)
    hs = pick_in_chapter(rng, w, ch_idx)
    outside = ~licensed
    hs[outside] = pick_weighted(rng, w["popularity"], int(outside.sum()))
    del k, ch_idx, licensed, outside
    fav = rng.random(n) < 0.70
    slot = pick_weighted(rng, np.array([0.5, 0.3, 0.2]), n)
    origin = np.where(fav, w["imp_origins"][imp, slot], pick_weighted(rng, w["origin_weight"], n))
    del fav, slot
    true_rate = np.round(w["mfn"][hs] * w["pref"][origin], 4)

    # fraud propensity
    age_days = (ts - w["imp_since"][imp]) / 86400.0
    z = (2.4 * w["imp_offender"][imp] + w["dec_risk"][dec] + w["imp_effect"][imp]
         + 1.2 * np.exp(-age_days / 150.0) + 7.0 * true_rate + rng.normal(0.0, 0.7, n))
    lo_b, hi_b = -20.0, 5.0
    for _ in range(50):
        mid = 0.5 * (lo_b + hi_b)
        if np.mean(1.0 / (1.0 + np.exp(-(mid + z)))) < fraud_rate:
            lo_b = mid
        else:
            hi_b = mid
    p = 1.0 / (1.0 + np.exp(-(0.5 * (lo_b + hi_b) + z)))
    fraud = rng.random(n) < p
    del z, p, age_days

    # fraud kind, among those that can lose duty here
    fi = np.flatnonzero(fraud)
    nf = len(fi)
    probs = 0.5 * np.array([0.45, 0.30, 0.25]) + 0.5 * w["imp_kind"][imp[fi]]
    min_mfn = w["mfn"].min()
    can_mis = (w["mfn"][hs[fi]] > min_mfn) & (true_rate[fi] > 0)
    can_fo = (w["pref"][origin[fi]] > w["pref"].min()) & (true_rate[fi] > 0)
    probs[:, 1] *= can_mis
    probs[:, 2] *= can_fo
    cum = np.cumsum(probs, axis=1)
    kind_f = 1 + (rng.random(nf)[:, None] * cum[:, -1:] > cum).sum(axis=1)
    kind = np.zeros(n, dtype=np.int64)
    kind[fi] = kind_f

    # quantities, prices, weights
    med_price = np.exp(w["log_price"][hs, origin])
    med_qty = 20000.0 / np.exp(w["log_price"].mean(axis=1)[hs]) * w["imp_size"][imp] ** 0.25
    qty = np.maximum(1, np.round(med_qty * rng.lognormal(0.0, 1.0, n))).astype(np.int64)
    unit_price = med_price * np.exp(rng.normal(0.0, 1.0, n) * w["price_sigma"][hs])
    true_value = qty * unit_price
    net_kg = qty * w["kg_per_unit"][hs] * rng.lognormal(0.0, 0.1, n)
    gross_kg = net_kg * rng.uniform(1.02, 1.15, n)
    del med_price, med_qty, unit_price

    value = true_value.copy()
    honest = kind == 0
    r = rng.random(n)
    low = honest & (r < 0.02)
    high = honest & (r >= 0.02) & (r < 0.03)
    value[low] *= rng.uniform(0.25, 0.7, int(low.sum()))
    value[high] *= rng.uniform(1.5, 4.0, int(high.sum()))
    uv = kind == 1
    value[uv] *= rng.uniform(0.2, 0.7, int(uv.sum()))
    del low, high, r

    # misclassification: a lower-MFN code
    decl_hs = hs.copy()
    mi = np.flatnonzero(kind == 2)
    if len(mi):
        th = hs[mi]
        target = np.full(len(mi), -1)
        mode = rng.random(len(mi))
        same = mode < 0.35
        other = (mode >= 0.35) & (mode < 0.75)
        for _ in range(4):  # a few tries inside the chosen chapter, then anywhere
            want = target < 0
            ch = np.where(same, w["ch_index"][w["hs_chapter"][th]],
                          w["lic"][imp[mi], rng.integers(0, 6, len(mi)) % w["lic_k"][imp[mi]]])
            cand = pick_in_chapter(rng, w, ch)
            ok = want & (same | other) & (w["mfn"][cand] < w["mfn"][th])
            target[ok] = cand[ok]
        order_mfn = np.argsort(w["mfn"], kind="stable")
        sorted_mfn = w["mfn"][order_mfn]
        n_lower = np.searchsorted(sorted_mfn, w["mfn"][th], side="left")
        anywhere = order_mfn[(rng.random(len(mi)) * n_lower).astype(np.int64)]
        target = np.where(target < 0, anywhere, target)
        decl_hs[mi] = target
    decl_unit = w["unit"][decl_hs]
    true_unit = w["unit"][hs]
    changed = decl_unit != true_unit
    to_kg = changed & (decl_unit == U_KGM)
    from_kg = changed & (true_unit == U_KGM)
    qty = np.where(to_kg, np.maximum(1, np.round(net_kg)).astype(np.int64), qty)
    qty = np.where(from_kg, np.maximum(1, np.round(net_kg / w["kg_per_unit"][decl_hs])).astype(np.int64), qty)
    del net_kg, changed, to_kg, from_kg, true_unit

    # false origin: a lower preference factor, towards hubs
    decl_origin = origin.copy()
    fo = np.flatnonzero(kind == 3)
    for o in np.unique(origin[fo]):
        rows = fo[origin[fo] == o]
        cand = np.flatnonzero(w["pref"] < w["pref"][o])
        weights = np.maximum(w["fo_weight"][cand], 0.05)
        decl_origin[rows] = cand[pick_weighted(rng, weights, len(rows))]
    decl_rate = np.round(w["mfn"][decl_hs] * w["pref"][decl_origin], 4)

    # route
    nrow = n
    at_origin = rng.random(nrow) < 0.88
    port_origin = origin.copy()
    r = rng.random(nrow)
    fo_mask = kind == 3
    via_decl = fo_mask & (r < 0.45)
    via_true = fo_mask & (r >= 0.45) & (r < 0.80)
    port_origin[via_decl] = decl_origin[via_decl]
    at_origin = np.where(fo_mask, via_decl | via_true, at_origin)
    slot = pick_weighted(rng, np.array([0.6, 0.3, 0.1]), nrow) % w["port_count"][port_origin]
    port = w["port_first"][port_origin] + slot
    hub = w["hub_port"][pick_weighted(rng, w["hub_weight"], nrow)]
    port = np.where(at_origin, port, hub)
    tranship = pick_weighted(rng, np.array([0.62, 0.28, 0.08, 0.02]), nrow)
    tranship_hub = 1 + pick_weighted(rng, np.array([0.6, 0.3, 0.1]), nrow)
    tranship = np.where(at_origin, tranship, tranship_hub)
    tranship = np.where(via_decl, np.maximum(tranship, 1), tranship)
    extra = ((kind == 1) | (kind == 2)) & (rng.random(nrow) < 0.10)
    tranship = np.minimum(tranship + extra, 3)
    dwell = rng.lognormal(np.log(40.0), 0.7, nrow) * (1 + 0.08 * tranship) * np.where(fraud, 1.2, 1.0)
    dwell = np.clip(dwell, 1.0, 1000.0)
    del r, at_origin, via_decl, via_true, fo_mask, slot, hub, tranship_hub, extra

    # revenue
    value = np.round(value, 2)
    lost = true_value * (1.1 * true_rate + 0.1) - value * (1.1 * decl_rate + 0.1)
    lost = np.where(fraud, np.maximum(np.round(lost, 2), 0.0), 0.0)
    del true_value

    return dict(w=w, ts=ts, imp=imp, dec=dec, hs=decl_hs, origin=decl_origin, qty=qty,
                unit=decl_unit, gross_kg=gross_kg, value=value, rate=decl_rate, tranship=tranship,
                port=port, dwell=dwell, fraud=fraud, kind=kind, lost=lost)


HEADER = ("id,registered_at,declarant,importer,importer_since,hs_code,origin,quantity,unit,gross_kg,"
          "value_usd,duty_rate,licensed_chapters,transhipments,loading_port,dwell_hours,fraud,"
          "fraud_kind,revenue_lost\n")
ROW = "%d,%sZ,%d,%d,%sZ,%s,%s,%d,%s,%.2f,%.2f,%g,%s,%d,%s,%.1f,%d,%s,%.2f\n"


def write_csv(path, d, chunk=100_000):
    w = d["w"]
    since_text = np.datetime_as_string(START + w["imp_since"], unit="s")
    units = np.array(UNITS)
    kinds = np.array(KINDS)
    n = len(d["ts"])
    with open(path, "w", newline="") as f:
        f.write(HEADER)
        for a in range(0, n, chunk):
            b = min(a + chunk, n)
            imp = d["imp"][a:b]
            cols = [
                range(a + 1, b + 1),
                np.datetime_as_string(START + d["ts"][a:b], unit="s").tolist(),
                w["dec_tax"][d["dec"][a:b]].tolist(),
                w["imp_tax"][imp].tolist(),
                since_text[imp].tolist(),
                w["hs_code"][d["hs"][a:b]].tolist(),
                w["origin_code"][d["origin"][a:b]].tolist(),
                d["qty"][a:b].tolist(),
                units[d["unit"][a:b]].tolist(),
                d["gross_kg"][a:b].tolist(),
                d["value"][a:b].tolist(),
                d["rate"][a:b].tolist(),
                w["lic_text"][imp].tolist(),
                d["tranship"][a:b].tolist(),
                w["port_name"][d["port"][a:b]].tolist(),
                d["dwell"][a:b].tolist(),
                d["fraud"][a:b].astype(np.int64).tolist(),
                kinds[d["kind"][a:b]].tolist(),
                d["lost"][a:b].tolist(),
            ]
            f.write("".join([ROW % row for row in zip(*cols)]))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Synthetic customs declarations with known fraud (see the module docstring).")
    ap.add_argument("--declarations", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fraud-rate", type=float, default=0.03)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    if args.declarations < 1:
        ap.error("--declarations must be at least 1")
    if not 0.0 < args.fraud_rate < 0.5:
        ap.error("--fraud-rate must be in (0, 0.5)")
    t0 = time.perf_counter()
    d = generate(args.declarations, args.seed, args.fraud_rate)
    write_csv(args.out, d)
    counts = np.bincount(d["kind"], minlength=4)
    print(f"generate: {args.declarations} rows, fraud rate {d['fraud'].mean():.4f} "
          f"(undervaluation {counts[1]}, misclassification {counts[2]}, false_origin {counts[3]}), "
          f"revenue lost {d['lost'].sum():,.2f} USD, {time.perf_counter() - t0:.1f} s -> {args.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
