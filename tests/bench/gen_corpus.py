#!/usr/bin/env python3
"""Write a synthetic relmap project of N relations, deterministically from a seed.

The corpus looks like curated data grown large: one YAML file per article
(data/articles/NNNNNN-topic.yaml, ~22 relations each, a default `source:` and
the article's own actors), shared actors defined once in data/common/*.yaml,
hub countries and organisations (preferential attachment), every node type
and every relation type of graph-schema.yaml within its allowed pairs,
required properties, dates, aliases and quotes of 40-200 characters. About
10% of relations carry `basis: implied`.

    tests/bench/gen_corpus.py OUT --relations 100k --seed 1

The same seed and size give byte-identical files. OUT/bench.json names the
actors worth querying (the top hub, a hub-to-periphery pair, a pair of
peripheral actors far apart, an actor for ego networks) and the corpus's
counts. Standard library only.
"""

import argparse
import array
import json
import math
import os
import random
import re
import shutil
import sys
import time
import unicodedata
from collections import deque

GENERATOR_VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.normpath(os.path.join(HERE, "..", "..", "graph-schema.yaml"))
COMMON_CHUNK = 500  # entities per data/common file

# ---------------------------------------------------------------------------
# Vocabulary

SYLLABLES = ("ka mar ven ti sa ra no bel dor an ish ta mi zu phe ko lan vi et ru sol gar "
             "ne lu ba to sen hai dal mo ri qu ath el ur sha kin tho va len pa ya os ter "
             "cam lao my vie sin bru mal ind phi tha").split()
ACCENTED = ("é ã ô ü í ç ñ".split())
COUNTRY_SUFFIXES = ["ia", "land", "stan", "ora", "esh", "ar", "ia", "onia", "", "ique"]
GIVEN = ("Anh Bao Chea Dara Eko Farid Gita Hiro Ika Jun Kanya Lan Minh Nao Oun Pich Quang Rina "
         "Sok Thu Umar Vanna Wira Xuan Yuki Zainal Aiko Budi Chan Dewi Emil Hana Ismail Joko "
         "Kenji Lina Malee Nadia Omar Putri Ratana Sari Taro Udom Vinh Wan Yusuf").split()
ROLES = ["Minister", "Deputy Minister", "Director-General", "Deputy Director", "Head of Division",
         "Senior Officer", "Permanent Secretary", "Secretary-General", "Chief Executive Officer",
         "Ambassador", "Chairman", "spokesperson", "Professor", "Commissioner", "Adviser",
         "Chief Information Security Officer", "Programme Manager", "Vice President"]
FIELDS = ["cybersecurity", "cybercrime", "capacity building", "incident response", "data protection",
          "critical infrastructure protection", "digital forensics", "information sharing",
          "cyber diplomacy", "online child protection", "ransomware", "5G security"]
PURPOSES = ["strengthen cooperation against cybercrime", "share threat information in real time",
            "ratify the convention", "adopt a national cybersecurity strategy",
            "protect critical infrastructure", "join the regional CERT network",
            "fund training for law enforcement officers", "harmonise cybercrime laws"]

# (kind, name pattern, id suffix, typical role of its head)
GOV_TEMPLATES = [
    ("cert", "{c} Computer Emergency Response Team", "cert", "Head of {a}"),
    ("ministry", "Ministry of Posts and Telecommunications ({c})", "mpt", "Minister of Posts and Telecommunications"),
    ("ministry", "Ministry of Foreign Affairs ({c})", "mfa", "Minister of Foreign Affairs"),
    ("ministry", "Ministry of Public Security ({c})", "mps", "Minister of Public Security"),
    ("agency", "National Cyber Security Agency of {c}", "ncsa", "Director-General of {a}"),
    ("police", "{c} National Police Cybercrime Division", "police-cyber", "Commander"),
    ("ministry", "Ministry of Justice ({c})", "moj", "Minister of Justice"),
    ("ministry", "Ministry of Defence ({c})", "mod", "Minister of Defence"),
    ("justice", "Office of the Attorney General ({c})", "ago", "Attorney General"),
    ("financial_intelligence_unit", "{c} Financial Intelligence Unit", "fiu", "Head of {a}"),
    ("department", "Department of Information and Communications Technology ({c})", "dict", "Secretary"),
    ("committee", "National Cybersecurity Committee of {c}", "ncc", "Chairman of {a}"),
    ("government", "Government of {c}", "gov", "Prime Minister"),
    ("agency", "{c} Digital Economy Agency", "dea", "Director of {a}"),
]
IO_PREFIXES = ["Asia-Pacific", "Global", "Regional", "Indo-Pacific", "Mekong", "Pacific Islands",
               "Trans-Atlantic", "Inter-American", "Eurasian", "African", "Gulf", "Nordic",
               "South Asian", "Baltic", "Andean", "Caribbean", "Central Asian", "Arab"]
IO_SUFFIXES = [("Cybersecurity Forum", "intergovernmental"), ("CERT Network", "network"),
               ("Telecommunity", "intergovernmental"), ("Cybercrime Alliance", "network"),
               ("Centre for Digital Security", "intergovernmental"),
               ("Office on Drugs and Crime", "un_agency"), ("Digital Cooperation Council", "intergovernmental"),
               ("Internet Governance Forum", "un_agency")]
COMPANY_SUFFIXES = ["Systems", "Security", "Networks", "Telecom", "Labs", "Technologies", "Cyber Defence"]
EVENT_KINDS = [("workshop", "Workshop on {f}"), ("training", "Training Course on {f}"),
               ("ministerial_meeting", "Ministerial Meeting on {f}"), ("forum", "{r} Forum on {f}"),
               ("meeting", "Meeting of {r} Cybersecurity Officials"), ("consultation", "Consultation on {f}"),
               ("dialogue", "{r} Dialogue on {f}")]
TOPICS = {"workshop": "workshop", "training": "training", "ministerial_meeting": "ministerial-meeting",
          "forum": "forum", "meeting": "meeting", "consultation": "consultation", "dialogue": "dialogue"}
PUBLISHERS = ["Vientiane Times/ANN", "The Phnom Penh Post", "Viet Nam News", "The Straits Times",
              "Bangkok Post", "The Jakarta Post", "Manila Bulletin", "Kyodo News", "Xinhua", "Reuters"]
OPENERS = ["", "", "", "On Tuesday, ", "According to the organisers, ", "Officials said ", "The statement said "]
CLOSERS = [" last week", ", officials said", ", according to a statement issued after the meeting",
           " as part of efforts to improve regional cybersecurity", " on Monday",
           " to counter growing threats from cybercrime and ransomware", " earlier this year",
           ", the ministry said in a statement", " in the presence of senior officials"]

EVIDENCE = {
    "member_of": ["{a}, a member of {b}", "{a} joined {b}", "{b}, whose members include {a}"],
    "part_of": ["{a}, part of {b}", "{a} under {b}", "{a}, which falls under {b}"],
    "located_in": ["the {a} was held in {b}", "{a}, based in {b}", "{a} in {b}"],
    "consists_of": ["{a} comprises {b}", "{a}, which includes {b}", "{b} and the other members of {a}"],
    "holds_position": ["{x} {a}", "{a}, {x} of {b}", "{a}, who serves as {x}"],
    "represents": ["{a} represented {b}", "{a}, on behalf of {b}", "{a} speaking for {b}"],
    "hosted": ["the {b} was hosted by {a}", "{a} hosted the {b}"],
    "organised": ["{a} organised the {b}", "the {b}, organised by {a}"],
    "chaired": ["{a} chaired the {b}", "the {b} was chaired by {a}"],
    "supports": ["{a} provided support to {b}", "with funding from {a}, {b}", "{a} pledged its support for {b}"],
    "implemented": ["{a} carried out the {b}", "{b} is implemented by {a}"],
    "attended": ["delegates from {a} attended the {b}", "{a} took part in the {b}",
                 "the {b} brought together officials from {a}"],
    "party_to": ["{a} signed the {b}", "{a} is a party to the {b}"],
    "cooperates_with": ["{a} and {b} agreed to strengthen cooperation on {x}",
                        "{a} engages with its counterparts in {b}", "{a} will work closely with {b} on {x}"],
    "promotes": ["{a} promotes the {b}", "{a} encourages participation in {b}"],
    "adopted": ["{a} adopted the {b}", "the {b} was adopted by {a}"],
    "develops": ["{a} is developing the {b}", "{a} is drafting the {b}"],
    "concerns": ["the {a} focused on the {b}", "discussions at the {a} covered the {b}"],
    "called_on": ["{a} called on {b} to {x}", "{a} urged {b} to {x}"],
    "reported_by": ["{a} was the subject of this report", "the report covered the {a}"],
}

# ---------------------------------------------------------------------------
# YAML text

PLAIN_START_NOT = set("-?:,[]{}#&*!|>'\"%@` \t")
FLOW_UNSAFE = re.compile(r"[,\[\]{}:]")
RESERVED = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}


def scalar(text, flow=False):
    """A YAML scalar: plain where the YAML of hand-written facts would have it, else double-quoted."""
    if (text and text[0] not in PLAIN_START_NOT and text[-1] not in " :" and ": " not in text and
            " #" not in text and "\n" not in text and text.lower() not in RESERVED and
            not (flow and FLOW_UNSAFE.search(text))):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def one(rng, items):
    """An item drawn uniformly (faster than Random.choice, and as deterministic)."""
    return items[int(rng.random() * len(items))]


def slug(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def acronym_of(name):
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"bad size '{text}': expected e.g. 300, 10k, 1M")
    scale = {"": 1, "k": 1000, "m": 1000000}[m.group(2).lower()]
    return int(round(float(m.group(1)) * scale))


# ---------------------------------------------------------------------------
# The world


class Entity:
    __slots__ = ("idx", "id", "type", "name", "props", "aliases", "category", "country", "role")

    def __init__(self, idx, id_, type_, name, props, aliases, category, country):
        self.idx, self.id, self.type, self.name = idx, id_, type_, name
        self.props, self.aliases, self.category, self.country = props, aliases, category, country
        self.role = None  # the position its head holds, for government bodies


class Corpus:
    """Builds entities and relations; every pick goes through one seeded generator."""

    def __init__(self, relations, seed):
        self.target = relations
        self.rng = random.Random(seed)
        self.entities = []
        self.ids = set()
        self.id_next = {}  # id base -> next number to try
        self.src = array.array("i")  # relation endpoints, for degrees and the query pairs
        self.dst = array.array("i")
        self.rel_types = {}
        self.mentions = {}    # category -> entity indices, once per relation (preferential attachment)
        self.introduced = {}  # category -> shared entities already in some article
        self.gov_introduced = {}  # country index -> its government bodies already named

    # -- names ------------------------------------------------------------
    def word(self, n):
        r = self.rng
        w = "".join(one(r, SYLLABLES) for _ in range(n))
        if r.random() < 0.08:
            pos = r.randrange(1, len(w))
            w = w[:pos] + one(r, ACCENTED) + w[pos + 1:]
        return w.capitalize()

    def unique_id(self, base):
        base = base[:60].strip("-") or "x"
        candidate, n = base, self.id_next.get(base, 2)
        while candidate in self.ids:
            candidate = f"{base}-{n}"
            n += 1
        self.id_next[base] = n
        self.ids.add(candidate)
        return candidate

    def add(self, type_, name, id_base, props=(), aliases=(), category=None, country=None):
        e = Entity(len(self.entities), self.unique_id(id_base), type_, name, list(props), list(aliases),
                   category, country)
        self.entities.append(e)
        return e

    def date(self, lo=2005, hi=2024, precision=None):
        r = self.rng
        y = r.randint(lo, hi)
        p = precision if precision is not None else r.random()
        if p < 0.15:
            return f"{y}"
        if p < 0.35:
            return f"{y}-{r.randint(1, 12):02d}"
        return f"{y}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    # -- shared actors (data/common) --------------------------------------
    def make_shared(self):
        f = self.target / 1e6
        root = math.sqrt(f)
        r = self.rng
        n_countries = min(200, max(8, round(200 * root)))
        self.countries = []
        isos = set()
        for _ in range(n_countries):
            name = self.word(r.randint(1, 2)) + one(r, COUNTRY_SUFFIXES)
            iso = None
            letters = [c for c in slug(name).upper() if c.isalpha()]
            for a in range(len(letters)):
                for b in range(a + 1, len(letters)):
                    if letters[a] + letters[b] not in isos:
                        iso = letters[a] + letters[b]
                        break
                if iso:
                    break
            while iso is None or iso in isos:
                iso = chr(65 + r.randrange(26)) + chr(65 + r.randrange(26))
            isos.add(iso)
            aliases = [f"Republic of {name}"] if r.random() < 0.5 else []
            if r.random() < 0.2:
                aliases.append(f"{name} Government")
            self.countries.append(self.add("country", name, slug(name), [("iso_code", iso)], aliases,
                                           "country"))
        self.gov_bodies = {c.idx: [] for c in self.countries}
        per_country = min(len(GOV_TEMPLATES), 1 + round(13 * root))
        for c in self.countries:
            iso = c.props[0][1]
            for kind, pattern, suffix, role in GOV_TEMPLATES[:per_country]:
                name = pattern.format(c=c.name)
                acr = iso + " " + suffix.upper().replace("-", " ") if kind == "cert" else iso + suffix.upper()[:4]
                props = [("kind", kind)]
                aliases = []
                if r.random() < 0.6:
                    props.append(("acronym", acr))
                    aliases.append(acr)
                if r.random() < 0.1:
                    props.append(("start", self.date(1990, 2015)))
                e = self.add("government_body", name, f"{iso.lower()}-{suffix}", props, aliases,
                             "gov", c.idx)
                e.role = role.format(a=acr)
                self.gov_bodies[c.idx].append(e)
        self.ios = []
        for _ in range(max(2, round(60 * root))):
            suffix, kind = one(r, IO_SUFFIXES)
            name = f"{one(r, IO_PREFIXES)} {suffix}"
            if name in (e.name for e in self.ios):
                name = f"{name} of {self.word(2)}"
            acr = acronym_of(name)
            props = [("kind", kind), ("acronym", acr)]
            if r.random() < 0.4:
                props.append(("website", f"https://www.{slug(acr)}.org/"))
            self.ios.append(self.add("international_organisation", name, slug(acr) or slug(name), props, [acr],
                                     "io"))
        # Groups of countries are made when first named, of countries named before.
        self.groups = [None] * max(1, n_countries // 8)
        self.others = []
        universities = ["University of {}", "{} Institute of Technology", "{} Centre for Cyber Studies"]
        for count, type_, make in (
                (max(2, round(1500 * f)), "company", lambda: f"{self.word(2)} {one(r, COMPANY_SUFFIXES)}"),
                (max(1, round(600 * f)), "foundation", lambda: f"{self.word(2)} Foundation"),
                (max(1, round(800 * f)), "academic_institution", lambda: one(r, universities).format(self.word(2)))):
            for _ in range(count):
                name = make()
                c = one(r, self.countries)
                props = []
                if r.random() < 0.3:
                    props.append(("website", f"https://{slug(name)}.example.org/"))
                if r.random() < 0.2:
                    props.append(("description", f"{type_.replace('_', ' ').capitalize()} based in {c.name}."))
                self.others.append(self.add(type_, name, slug(name), props, [], "org", c.idx))
        self.places = []
        for c in self.countries:
            for _ in range(max(1, round(5 * root * r.random() * 2))):
                name = self.word(r.randint(1, 2)) + one(r, ["", "", " City", "pur", "ville"])
                self.places.append(self.add("place", name, slug(name), [], [], "place", c.idx))
        self.officials = []
        gov_all = [g for c in self.countries for g in self.gov_bodies[c.idx]]
        for _ in range(max(3, round(4000 * f))):
            g = one(r, gov_all)
            self.officials.append(self.person("official", g))
        self.shared_programmes = []
        for _ in range(max(2, round(300 * f))):
            name = self.word(2) + " " + one(r, ["Cyber Capacity Programme", "Digital Security Initiative",
                                                "CERT Partnership Project"])
            props = [("kind", one(r, ["programme", "project", "initiative"]))]
            if r.random() < 0.5:
                props.append(("acronym", acronym_of(name)))
                aliases = [acronym_of(name)]
            else:
                aliases = []
            self.shared_programmes.append(self.add("programme", name, slug(name), props, aliases, "programme"))
        self.shared_policies = []
        for _ in range(max(2, round(300 * f))):
            name = self.word(2) + " " + one(r, ["Convention on Cybercrime", "Cybersecurity Framework",
                                                "Data Protection Standard"])
            props = [("kind", one(r, ["policy", "strategy", "law", "standard"]))]
            self.shared_policies.append(self.add("policy", name, slug(name), props, [], "policy"))

    def person(self, category, employer=None):
        r = self.rng
        name = f"{one(r, GIVEN)} {self.word(r.randint(1, 2))}"
        props, aliases = [], []
        if r.random() < 0.1:
            props.append(("honorific", one(r, ["General", "Dr", "Colonel", "Professor"])))
        if r.random() < 0.2:
            aliases.append(name.split()[-1])
        e = self.add("person", name, slug(name), props, aliases, category, employer.idx if employer else None)
        return e

    def introduction_queue(self):
        """Shared actors in the order articles first mention them: a country
        before its bodies, places and officials."""
        r = self.rng
        countries = self.countries[:]
        r.shuffle(countries)
        pools = {"country": deque(countries[8:]), "gov": deque(), "io": deque(self.ios),
                 "group": deque(range(len(self.groups))), "org": deque(self.others), "place": deque(),
                 "official": deque(), "programme": deque(self.shared_programmes),
                 "policy": deque(self.shared_policies)}
        by_country_places = {}
        for p in self.places:
            by_country_places.setdefault(p.country, []).append(p)
        by_employer = {}
        for o in self.officials:
            by_employer.setdefault(o.country, []).append(o)
        queue = []

        def enqueue(item):
            queue.append(item)
            if isinstance(item, Entity) and item.category == "country":
                govs = self.gov_bodies[item.idx][:]
                r.shuffle(govs)
                pools["gov"].extend(govs)
                pools["place"].extend(by_country_places.get(item.idx, []))
            if isinstance(item, Entity) and item.category == "gov":
                pools["official"].extend(by_employer.get(item.idx, []))

        for c in countries[:8]:
            enqueue(c)
        names = sorted(pools)
        while True:
            weights = [len(pools[k]) for k in names]
            total = sum(weights)
            if total == 0:
                break
            x = r.random() * total
            for k, w in zip(names, weights):
                if x < w:
                    break
                x -= w
            item = pools[k].popleft()
            enqueue(("group", item) if k == "group" else item)
        return queue

    # -- picks ------------------------------------------------------------
    def pick(self, category, fresh=0.25):
        """A shared actor of `category`, preferring those already often named."""
        m = self.mentions.get(category)
        r = self.rng
        if m and r.random() > fresh:
            return self.entities[m[r.randrange(len(m))]]
        intro = self.introduced.get(category)
        if not intro:
            return None
        return intro[r.randrange(len(intro))]

    def introduce(self, e):
        self.introduced.setdefault(e.category, []).append(e)
        if e.category == "gov":
            self.gov_introduced.setdefault(e.country, []).append(e)

    def pick_gov(self, country):
        """A body of `country` already named, the first ones (its CERT, its
        ministries) more often than the rest."""
        bodies = self.gov_introduced.get(country.idx)
        if not bodies:
            return None
        return bodies[int(self.rng.random() ** 2 * len(bodies))]

    # -- evidence ---------------------------------------------------------
    def evidence(self, rel, a, b, extra=""):
        """A quote stating `rel` between the actors named `a` and `b`."""
        r = self.rng
        text = one(r, EVIDENCE[rel]).format(a=a, b=b, x=extra)
        opener = one(r, OPENERS)
        text = (opener + text) if opener else text[0].upper() + text[1:]
        while len(text) < 40 or (len(text) < 120 and r.random() < 0.35):
            text += one(r, CLOSERS)
        if len(text) > 200:
            text = text[:200].rsplit(" ", 1)[0].rstrip(",")
        return text


def has_words(text, words):
    """True if the words of `words` come in a row in `text`, without case or punctuation."""
    split = lambda t: re.findall(r"[^\W_]+", t.lower())
    whole, run = split(text), split(words)
    return any(whole[i:i + len(run)] == run for i in range(len(whole) - len(run) + 1))


class Article:
    """One article's entities and relations while it is being written."""

    def __init__(self, corpus):
        self.c = corpus
        self.entities = []
        self.relations = []
        self.seen = set()

    def relate(self, a, rel, b, props=(), evidence=None, extra=""):
        if a is None or b is None or a is b:
            return False
        key = (a.idx, rel, b.idx)
        if key in self.seen:
            return False
        self.seen.add(key)
        c = self.c
        if evidence is None:
            evidence = c.evidence(rel, a.name, b.name, extra)
        for name, value in props:  # a role or field is words of its quote, as validate requires
            if name in ("role", "field") and not has_words(evidence, value):
                evidence += f", {value}"
        self.relations.append((a.id, rel, b.id, list(props), evidence, c.rng.random() < 0.1))
        c.src.append(a.idx)
        c.dst.append(b.idx)
        c.rel_types[rel] = c.rel_types.get(rel, 0) + 1
        for e in (a, b):
            if e.category is not None:
                c.mentions.setdefault(e.category, []).append(e.idx)
        return True

    def define(self, type_, name, id_base, props=(), aliases=(), category=None):
        e = self.c.add(type_, name, id_base, props, aliases, category)
        self.entities.append(e)
        return e


def write_article(art, source, relation_style_flow):
    """The article's YAML: its source first, then its actors, then its relations."""
    lines = [f"# ../shared/articles/{source_file(source)}", f"source: {source.id}", "entities:"]
    for i, e in enumerate(art.entities):
        lines.extend(entity_lines(e))
        if i == 0:
            lines.append("")
    lines.append("")
    lines.append("relations:")
    for a, rel, b, props, evidence, implied in art.relations:
        if relation_style_flow:
            parts = [f"from: {a}", f"type: {rel}", f"to: {b}"]
            parts += [f"{k}: {scalar(v, True)}" for k, v in props]
            if implied:
                parts.append("basis: implied")
            parts.append(f"evidence: {scalar(evidence, True)}")
            lines.append("  - {" + ", ".join(parts) + "}")
        else:
            lines.append(f"  - from: {a}")
            lines.append(f"    type: {rel}")
            lines.append(f"    to: {b}")
            lines += [f"    {k}: {scalar(v)}" for k, v in props]
            if implied:
                lines.append("    basis: implied")
            lines.append(f"    evidence: {scalar(evidence)}")
    return "\n".join(lines) + "\n"


def source_file(source):
    for k, v in source.props:
        if k == "file":
            return v
    raise AssertionError("source without file")


def entity_lines(e, flow=False):
    props = e.props
    if flow:
        parts = [f"id: {e.id}", f"type: {e.type}", f"name: {scalar(e.name, True)}"]
        if e.aliases:
            parts.append("aliases: [" + ", ".join(scalar(a, True) for a in e.aliases) + "]")
        parts += [f"{k}: {scalar(v, True)}" for k, v in props]
        return ["  - {" + ", ".join(parts) + "}"]
    out = [f"  - id: {e.id}", f"    type: {e.type}", f"    name: {scalar(e.name)}"]
    if e.aliases:
        out.append("    aliases: [" + ", ".join(scalar(a, True) for a in e.aliases) + "]")
    out += [f"    {k}: {scalar(v)}" for k, v in props]
    return out


# ---------------------------------------------------------------------------
# Articles


def generate_article(c, number, budget, queue, queue_pos, last):
    """Fill one article of about `budget` relations; returns it with its source and topic."""
    r = c.rng
    art = Article(c)
    # Shared actors this article is the first to name.
    fresh = []
    while queue_pos[0] < queue_pos[1]:
        e = queue[queue_pos[0]]
        queue_pos[0] += 1
        fresh.append(e)
        if isinstance(e, Entity):
            c.introduce(e)
    kind, pattern = one(r, EVENT_KINDS)
    date = c.date(precision=1.0)
    year = int(date[:4])
    host = c.pick("country")
    region = one(r, IO_PREFIXES)
    field = one(r, FIELDS)
    ev_name = pattern.format(f=field.title() if field[0].islower() else field, r=region)
    title = f"{host.name} hosts {ev_name.lower()}" if r.random() < 0.5 else f"Officials meet on {field}"
    src_props = [("title", title)] if r.random() < 0.7 else []
    src_props += [("publisher", one(r, PUBLISHERS)), ("date", date),
                  ("file", f"{number:06d}_{r.getrandbits(64):016x}.txt")]
    if r.random() < 0.3:
        src_props.append(("url", f"https://news.example.com/{date[:4]}/{number:06d}.html"))
    if r.random() < 0.2:
        src_props.append(("author", f"{one(r, GIVEN)} {c.word(2)}"))
    source = art.define("source", title, f"src-{number:06d}", src_props)

    countries = [host]
    for _ in range(r.randint(1, 5)):
        x = c.pick("country")
        if x not in countries:
            countries.append(x)
    orgs = []
    for _ in range(r.randint(1, 3)):
        x = c.pick_gov(one(r, countries))
        if x is not None and x not in orgs:
            orgs.append(x)
    io = c.pick("io") if r.random() < 0.6 else None
    other = c.pick("org") if r.random() < 0.4 else None

    event = art.define("event", f"{ev_name}, {year}" if r.random() < 0.5 else ev_name,
                       f"{slug(ev_name)[:40]}-{year}", [("kind", kind), ("date", date)], [], "event")
    if r.random() < 0.4:
        event.props.append(("days", str(r.randint(1, 5))))
    if r.random() < 0.3:
        event.props.append(("format", one(r, ["in_person", "in_person", "virtual"])))
    if r.random() < 0.15:
        event.props.append(("description", f"Opened \"yesterday\" in an article dated {date}."))
    place = c.pick("place", fresh=0.5)
    if place is not None and c.entities[place.country] is not host:
        place = None
    small = last or budget < 12
    persons = []
    n_people = 1 if small else r.randint(2, max(3, budget // 4))
    for _ in range(n_people):
        if not small and r.random() < 0.15 and c.mentions.get("person"):
            persons.append(c.pick("person", fresh=0.0))
        else:
            employer = one(r, orgs + [other] if other else orgs) if orgs else None
            p = c.person("person", employer)
            art.entities.append(p)
            persons.append(p)
            c.introduce(p)
    session = programme = agreement = policy = None
    if not small:
        if r.random() < 0.2:
            session = art.define("event", f"Opening session of the {ev_name}", f"{event.id}-opening",
                                 [("kind", "meeting")], [], "event")
        if r.random() < 0.45:
            name = c.word(2) + " " + one(r, ["Capacity Building Project", "CERT Twinning Programme",
                                             "Cyber Hygiene Initiative", "Awareness Activity"])
            kind_p = {"Project": "project", "Programme": "programme", "Initiative": "initiative",
                      "Activity": "activity"}[name.split()[-1]]
            props = [("kind", kind_p)]
            if r.random() < 0.3:
                props.append(("start", str(year)))
                props.append(("end", str(year + r.randint(1, 4))))
            programme = art.define("programme", name, slug(name), props, [], "programme")
            c.introduce(programme)
        elif r.random() < 0.3:
            programme = c.pick("programme", fresh=0.3)
        if r.random() < 0.3:
            names = " and ".join(x.name for x in countries[:2])
            agreement = art.define("agreement", f"Memorandum of understanding between {names}",
                                   f"mou-{slug(countries[0].name)}-{year}",
                                   [("kind", one(r, ["memorandum", "agreement", "partnership", "declaration"])),
                                    ("date", date)], [], "agreement")
        if r.random() < 0.25:
            name = f"{host.name} National Cybersecurity {one(r, ['Strategy', 'Roadmap', 'Law', 'Policy'])} {year}"
            policy = art.define("policy", name, slug(name),
                                [("kind", {"Strategy": "strategy", "Roadmap": "roadmap", "Law": "law",
                                           "Policy": "policy"}[name.split()[-2]])], [], "policy")
        elif r.random() < 0.3:
            policy = c.pick("policy", fresh=0.3)

    # Every actor the article defines or names for the first time gets a relation.
    listed = host.name
    if len(countries) > 1:
        listed = ", ".join(x.name for x in countries[:-1]) + " and " + countries[-1].name
    where = place if place is not None and r.random() < 0.7 else host
    art.relate(event, "located_in", where)
    art.relate(host, "hosted", event)
    if session is not None:
        art.relate(session, "part_of", event)
    for p in persons:
        employer = c.entities[p.country] if p.country is not None else one(r, countries)
        role = employer.role or one(r, ROLES)
        props = [("role", role)]
        if r.random() < 0.2:
            props.append(("start", str(year - r.randint(0, 5))))
        art.relate(p, "holds_position", employer, props, extra=role.lower() if role[0].islower() else role)
    for e in fresh:
        introduce_shared(c, art, e, countries, event)
    if programme is not None:
        art.relate(one(r, orgs) if orgs else host, "organised", programme)
    if agreement is not None:
        for x in countries[:2]:
            props = [("signed", date)] if r.random() < 0.5 else []
            art.relate(x, "party_to", agreement, props)
    if policy is not None:
        if r.random() < 0.3:
            art.relate(host, "develops", policy, [("expected", str(year + 1))] if r.random() < 0.3 else [])
        else:
            art.relate(host, "adopted", policy)
    if not small and r.random() < 0.3:
        art.relate(event, "reported_by", source)

    # One quote naming every participating country, as articles list them.
    shared_quote = c.evidence("attended", listed, event.name)
    for x in countries[1:]:
        if len(art.relations) >= budget:
            break
        art.relate(x, "attended", event, evidence=shared_quote)

    actors = countries + orgs + persons + ([io] if io else []) + ([other] if other else [])
    things = [x for x in (event, session, programme, agreement, policy) if x is not None]
    tries = 0
    while len(art.relations) < budget and tries < budget * 8:
        tries += 1
        fill(c, art, actors, things, event, programme, agreement, policy, io, other, field)
    return art, source, TOPICS[kind] + "-" + slug(host.name)


def introduce_shared(c, art, e, countries, event):
    r = c.rng
    if isinstance(e, tuple):  # a country group, made of countries already named
        pool = c.introduced.get("country", [])
        members = r.sample(pool, min(len(pool), r.randint(3, 5)))
        name = "-".join(m.props[0][1] for m in members)
        group = c.add("country_group", name, slug(name), [], [f"{name} countries"], "group")
        c.groups[e[1]] = group
        c.introduce(group)
        quote = ", ".join(m.name for m in members[:-1]) + " and " + members[-1].name + f" ({name})"
        for m in members:
            art.relate(group, "consists_of", m, evidence=quote)
        return
    cat = e.category
    if cat == "country":
        if e not in countries:  # else it hosts the event
            countries.append(e)
            art.relate(e, "attended", event)
    elif cat == "gov":
        art.relate(e, "part_of", c.entities[e.country], [("start", c.date(1990, 2015))] if r.random() < 0.2 else [])
    elif cat == "io":
        art.relate(one(r, countries), "member_of", e)
    elif cat == "org":
        if r.random() < 0.5:
            art.relate(e, "located_in", c.entities[e.country])
        else:
            art.relate(e, "supports", event, [("field", one(r, FIELDS))] if r.random() < 0.4 else [])
    elif cat == "place":
        art.relate(e, "located_in", c.entities[e.country])
    elif cat == "official":
        employer = c.entities[e.country]
        role = employer.role
        art.relate(e, "holds_position", employer, [("role", role)], extra=role)
    elif cat == "programme":
        art.relate(one(r, countries), "organised", e)
    elif cat == "policy":
        art.relate(one(r, countries), "adopted", e)


def countries_or(actors):
    """The countries among `actors` (the article's first actors are its countries)."""
    return [a for a in actors if a.type == "country"] or actors


def fill(c, art, actors, things, event, programme, agreement, policy, io, other, field):
    """One more relation of a kind drawn by how often articles state it."""
    r = c.rng
    x = r.random()
    a = one(r, actors)
    if x < 0.22:
        art.relate(a, "attended", event, [("role", one(r, ["delegation", "observer", "member states", "speaker"]))]
                   if r.random() < 0.2 else [])
    elif x < 0.38:
        if a.type == "person":
            a = one(r, countries_or(actors))
        b = one(r, actors) if r.random() < 0.6 else c.pick(one(r, ["country", "country", "io"]))
        if b is not None and b.type == "person":
            b = None
        props = [("field", one(r, FIELDS))] if r.random() < 0.5 else []
        if r.random() < 0.1:
            props.append(("start", c.date(2005, 2020, 0.0)))
        art.relate(a, "cooperates_with", b, props, extra=field)
    elif x < 0.46:
        target = one(r, things + actors)
        if target.type != "agreement":
            art.relate(a, "supports", target, [("field", field)] if r.random() < 0.3 else [])
    elif x < 0.52:
        art.relate(a, one(r, ["organised", "chaired"]), event)
    elif x < 0.57:
        if a.type == "country":
            b = io or c.pick(one(r, ["io", "group"]))
        elif a.type in ("government_body", "company", "foundation", "academic_institution"):
            b = io or c.pick("io")
        else:
            b = None
        art.relate(a, "member_of", b)
    elif x < 0.63:
        if a.type == "person":
            b = one(r, actors)
            if b.type != "person":
                art.relate(a, "represents", b, [("role", one(r, ROLES))] if r.random() < 0.3 else [])
        elif a.type == "government_body":
            art.relate(a, "represents", c.entities[a.country])
    elif x < 0.68:
        if programme is not None:
            art.relate(a, one(r, ["implemented", "promotes", "develops", "supports"]), programme)
    elif x < 0.72:
        if policy is not None:
            art.relate(a, one(r, ["adopted", "implemented", "develops", "supports"]), policy)
        elif agreement is not None:
            art.relate(a, "party_to", agreement)
    elif x < 0.76:
        if agreement is not None and programme is not None:
            art.relate(agreement, one(r, ["promotes", "consists_of"]), programme)
        elif agreement is not None and policy is not None:
            art.relate(agreement, one(r, ["promotes", "concerns"]), policy)
        else:
            target = programme or policy or agreement
            art.relate(event, "concerns", target)
    elif x < 0.80:
        purpose = one(r, PURPOSES)
        art.relate(a, "called_on", one(r, actors), [("purpose", purpose)], extra=purpose)
    elif x < 0.85:
        if a.type == "government_body":
            art.relate(a, "part_of", c.entities[a.country])
        elif a.type == "person":
            b = one(r, actors)
            if b.type != "person":
                role = one(r, ROLES)
                art.relate(a, "holds_position", b, [("role", role)], extra=role)
    elif x < 0.88:
        if a.type in ("company", "foundation", "academic_institution", "government_body", "international_organisation"):
            art.relate(a, "located_in", c.entities[a.country] if a.country is not None else one(r, actors[:1]))
    elif x < 0.92:
        b = c.pick(one(r, ["country", "io", "org"]))
        if a.type == "person":
            a = one(r, countries_or(actors))
        props = [("field", one(r, FIELDS))] if r.random() < 0.5 else []
        art.relate(a, "cooperates_with", b, props, extra=field)
    else:
        art.relate(a, "attended", event)


# ---------------------------------------------------------------------------
# The whole project


def generate(out, relations, seed, schema_path):
    t0 = time.monotonic()
    c = Corpus(relations, seed)
    c.make_shared()
    queue = c.introduction_queue()
    expected_articles = max(1, relations // 22)
    data = os.path.join(out, "data")
    os.makedirs(os.path.join(data, "articles"))
    os.makedirs(os.path.join(data, "common"))
    shutil.copyfile(schema_path, os.path.join(out, "graph-schema.yaml"))

    # Shared actors first named by article 0 are there from the start; the
    # rest arrive over the first 80% of the articles.
    queue_pos = [0, 8]
    rate = (len(queue) - 8) / max(1.0, expected_articles * 0.8)
    written = 0
    number = 0
    files = 0
    total_bytes = 0
    article_files = []
    while written < relations:
        remaining = relations - written
        budget = c.rng.randint(12, 32)
        last = remaining < 50 or budget >= remaining
        if last:
            budget = remaining
            queue_pos[1] = len(queue)
        else:
            queue_pos[1] = min(len(queue), 8 + int(rate * (number + 1)))
        art, source, topic = generate_article(c, number, budget, queue, queue_pos, last)
        text = write_article(art, source, c.rng.random() < 0.7)
        name = f"{number:06d}-{topic[:40].strip('-')}.yaml"
        path = os.path.join(data, "articles", name)
        raw = text.encode()
        with open(path, "wb") as f:
            f.write(raw)
        article_files.append(name)
        total_bytes += len(raw)
        files += 1
        written += len(art.relations)
        number += 1
    total_bytes += write_common(c, data)
    files += len(os.listdir(os.path.join(data, "common")))
    summary = describe(c, seed, files, len(article_files), total_bytes, written)
    return summary, time.monotonic() - t0


def write_common(c, data):
    groups = [g for g in c.groups if g is not None]
    files = [("countries", c.countries, True), ("country-groups", groups, True),
             ("international-organisations", c.ios, False),
             ("government-bodies", [g for x in c.countries for g in c.gov_bodies[x.idx]], False),
             ("organisations", c.others, False), ("places", c.places, True),
             ("people", c.officials, False), ("programmes", c.shared_programmes, False),
             ("policies", c.shared_policies, False)]
    total = 0
    for stem, entities, flow in files:
        chunks = [entities[i:i + COMMON_CHUNK] for i in range(0, len(entities), COMMON_CHUNK)] or [[]]
        for n, chunk in enumerate(chunks):
            if not chunk:
                continue
            name = f"{stem}.yaml" if len(chunks) == 1 else f"{stem}-{n + 1:02d}.yaml"
            lines = [f"# {stem.replace('-', ' ').capitalize()} that several articles name; each is defined",
                     "# once here and used by id in the articles.", "entities:"]
            for e in chunk:
                lines += entity_lines(e, flow)
            raw = ("\n".join(lines) + "\n").encode()
            with open(os.path.join(data, "common", name), "wb") as f:
                f.write(raw)
            total += len(raw)
    return total


def describe(c, seed, files, articles, total_bytes, written):
    """Counts and the actors worth querying, from the relations written."""
    n = len(c.entities)
    degree = array.array("i", bytes(4 * n))
    for a in c.src:
        degree[a] += 1
    for b in c.dst:
        degree[b] += 1
    # Undirected adjacency in compressed rows.
    start = array.array("i", bytes(4 * (n + 1)))
    for v in range(n):
        start[v + 1] = start[v] + degree[v]
    fill_at = array.array("i", start[:n])
    adj = array.array("i", bytes(4 * (2 * len(c.src))))
    for a, b in zip(c.src, c.dst):
        adj[fill_at[a]] = b
        fill_at[a] += 1
        adj[fill_at[b]] = a
        fill_at[b] += 1

    def bfs(s):
        dist = array.array("i", [-1]) * n
        dist[s] = 0
        front = [s]
        while front:
            nxt = []
            for u in front:
                du = dist[u] + 1
                for w in adj[start[u]:start[u + 1]]:
                    if dist[w] < 0:
                        dist[w] = du
                        nxt.append(w)
            front = nxt
        return dist

    def farthest(dist, ok):
        best, best_d = None, -1
        for v in range(n):
            if dist[v] > best_d and ok(v):
                best, best_d = v, dist[v]
        return best, best_d

    ents = c.entities
    hub = max(range(n), key=lambda v: (degree[v], -v))
    peripheral = lambda v: ents[v].type == "person" and degree[v] == 1  # noqa: E731
    from_hub = bfs(hub)
    far_from_hub, d_hub = farthest(from_hub, peripheral)
    # A peripheral actor from an early article, and the one farthest from it.
    rng = random.Random(c.target * 7919 + 1)
    candidates = [v for v in range(n) if peripheral(v) and from_hub[v] >= 0]
    a = candidates[rng.randrange(max(1, len(candidates) // 10))] if candidates else hub
    from_a = bfs(a)
    b, d_ab = farthest(from_a, peripheral)
    govs = sorted((degree[g.idx], g.idx) for x in c.countries for g in c.gov_bodies[x.idx] if degree[g.idx] > 0)
    ego = govs[len(govs) // 2][1] if govs else hub
    types = {}
    for e in ents:
        if degree[e.idx] > 0 or e.type == "source":
            types[e.type] = types.get(e.type, 0) + 1
    top = sorted(range(n), key=lambda v: (-degree[v], v))[:10]
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "relations": written,
        "entities": sum(types.values()),
        "files": files,
        "article_files": articles,
        "bytes": total_bytes,
        "node_types": dict(sorted(types.items())),
        "relation_types": dict(sorted(c.rel_types.items())),
        "top_degree": [{"id": ents[v].id, "type": ents[v].type, "degree": degree[v]} for v in top],
        "queries": {
            "hub": ents[hub].id,
            "hub_periphery": {"from": ents[hub].id, "to": ents[far_from_hub].id, "hops": d_hub},
            "periphery_periphery": {"from": ents[a].id, "to": ents[b].id, "hops": d_ab},
            "ego": {"id": ents[ego].id, "degree": degree[ego]},
        },
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="Folder to write (must not exist, unless --force and made by this script)")
    ap.add_argument("--relations", "-n", type=parse_size, default=parse_size("10k"), help="e.g. 300, 10k, 1M")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--schema", default=DEFAULT_SCHEMA, help="graph-schema.yaml to copy into the project")
    ap.add_argument("--force", action="store_true", help="Replace OUT if an earlier run of this script wrote it")
    args = ap.parse_args(argv)
    if args.relations < 50:
        ap.error("--relations must be at least 50")
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        if not (args.force and os.path.isfile(os.path.join(out, "bench.json"))):
            ap.error(f"{out} exists (use --force to replace a corpus this script wrote)")
        shutil.rmtree(out)
    tmp = f"{out}.tmp-{os.getpid()}"
    try:
        summary, seconds = generate(tmp, args.relations, args.seed, args.schema)
        with open(os.path.join(tmp, "bench.json"), "w") as f:
            json.dump(summary, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    q = summary["queries"]
    print(f"{out}: {summary['relations']} relations, {summary['entities']} entities, "
          f"{summary['files']} files, {summary['bytes'] / 1e6:.1f} MB in {seconds:.1f} s")
    print(f"  hub: {q['hub']} (degree {summary['top_degree'][0]['degree']})")
    hp = q["hub_periphery"]
    print(f"  hub to periphery: {hp['from']} {hp['to']} ({hp['hops']} hops)")
    print(f"  periphery to periphery: {q['periphery_periphery']['from']} {q['periphery_periphery']['to']} "
          f"({q['periphery_periphery']['hops']} hops)")
    print(f"  ego: {q['ego']['id']} (degree {q['ego']['degree']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
