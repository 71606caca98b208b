"""Exports read back by the tools they are made for: every actor, relation,
property value and type must survive the trip."""

import csv
import json
import math
import os
import re
import subprocess
import tempfile
import unittest
import uuid
import xml.etree.ElementTree as ET

import igraph
import networkx as nx
import yaml

import relmap_run
from relmap_run import run
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "fixtures", "exports")
SCHEMA = os.path.join(FIXTURE, "schema.yaml")
FACTS = os.path.join(FIXTURE, "facts.yaml")




def export(fmt, *args):
    r = run("export", "--schema", SCHEMA, "--data", FACTS, "--format", fmt, *args)
    assert r.returncode == 0, r.stderr
    return r.stdout


class Facts:
    """The fixture's schema and facts, read with PyYAML as plain strings, and
    the typed values every export must carry."""

    def __init__(self):
        with open(SCHEMA) as f:
            schema = yaml.load(f, Loader=yaml.BaseLoader)
        with open(FACTS) as f:
            facts = yaml.load(f, Loader=yaml.BaseLoader)
        self.node_types = schema["node_types"]
        self.relation_types = schema["relation_types"]
        self.entities = {e["id"]: e for e in facts["entities"]}
        self.relations = []
        for r in facts["relations"]:
            r = dict(r)
            r.setdefault("source", facts["source"])
            r.setdefault("basis", "stated")
            self.relations.append(r)
        # Relations with the same ends, type and properties are one claim,
        # whose citations the exports carry in lists.
        self.claims = []
        by_key = {}
        for r in self.relations:
            ends = (r["from"], r["to"])
            if self.symmetric(r):
                ends = tuple(sorted(ends))
            props = tuple(sorted((k, json.dumps(v)) for k, v in r.items()
                                 if k not in self.RELATION_KEYS | self.CITATION_KEYS))
            key = (ends, r["type"], props)
            if key not in by_key:
                by_key[key] = dict(r, citations=[])
                self.claims.append(by_key[key])
            by_key[key]["citations"].append(r)

    @staticmethod
    def _def(props, name):
        d = props.get(name)
        if d is None:
            return None
        return {"type": d, "list": "false"} if isinstance(d, str) else d

    def node_property(self, type_name, name):
        while type_name:
            t = self.node_types[type_name]
            d = self._def(t.get("properties", {}), name)
            if d is not None:
                return d
            type_name = t.get("extends")
        return None

    def relation_property(self, type_name, name):
        return self._def(self.relation_types[type_name].get("properties", {}), name)

    @staticmethod
    def typed(d, value):
        """The value as the export's type: int, bool or str, or a list of them."""
        def one(v):
            if d["type"] == "integer":
                return int(v)
            if d["type"] == "boolean":
                return v == "true"
            return v
        if d.get("list") == "true":
            return [one(v) for v in value]
        return one(value)

    ENTITY_KEYS = {"id", "type", "name", "aliases"}
    RELATION_KEYS = {"from", "type", "to", "source", "evidence", "basis"}
    CITATION_KEYS = {"credibility", "id", "disputes", "citations"}

    def citation_fields(self, claim):
        """What the exports say of a claim's citations: each field a list with
        an item per citation (fields with no value at all left out), then
        the number of sources and of independent ones."""
        cs = claim["citations"]
        sources = [self.entities[c["source"]] for c in cs]
        out = {"basis": [c["basis"] for c in cs], "cites": [c["source"] for c in cs],
               "evidence": [c["evidence"] for c in cs], "source_name": [s["name"] for s in sources],
               "credibility": [int(c.get("credibility", 2 if c["basis"] == "stated" else 3)) for c in cs]}
        for field in ("title", "publisher", "date", "url", "reliability"):
            values = [s.get(field, "") for s in sources]
            if any(values):
                out["source_" + field] = values
        for key, field in (("id", "relation_id"), ("disputes", "disputes")):
            values = [c.get(key, "") for c in cs]
            if any(values):
                out[field] = values
        publishers = {s.get("publisher") or s["id"] for s in sources}
        counts = {"sources": len({c["source"] for c in cs}), "independent_sources": len(publishers)}
        return out, counts

    def entity_properties(self, e):
        return {k: (self.node_property(e["type"], k), v) for k, v in e.items() if k not in self.ENTITY_KEYS}

    def relation_properties(self, r):
        return {k: (self.relation_property(r["type"], k), v) for k, v in r.items()
                if k not in self.RELATION_KEYS | self.CITATION_KEYS}

    def symmetric(self, r):
        return self.relation_types[r["type"]].get("symmetric") == "true"

    def weight(self, r):
        return float(self.relation_types[r["type"]].get("weight", "1"))

    def kind_conflicts(self, names):
        """Property names declared with different kinds: exports write them as strings."""
        return {"code"} & set(names)


FACTS_DATA = Facts()

# Names a relation's own properties take when the export uses the name itself.
EDGE_RENAMED = {"weight": "property_weight"}


class GraphmlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.text = export("graphml")
        cls.dir = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.dir.name, "relmap.graphml")
        with open(cls.path, "w") as f:
            f.write(cls.text)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    @staticmethod
    def expected_value(d, value, name):
        if name in FACTS_DATA.kind_conflicts([name]):
            return value  # integer for one type, string for another: a string
        v = FACTS_DATA.typed(d, value)
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False) if isinstance(v, list) else v

    def test_keys_are_typed(self):
        ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
        keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type")
                for k in ET.parse(self.path).getroot().findall("g:key", ns)}
        self.assertEqual(keys[("node", "staff")], "long")
        self.assertEqual(keys[("node", "days")], "long")
        self.assertEqual(keys[("node", "public")], "boolean")
        self.assertEqual(keys[("node", "acronyms")], "string")
        self.assertEqual(keys[("node", "code")], "string")  # integer in one type, string in another
        self.assertEqual(keys[("edge", "weight")], "double")
        self.assertEqual(keys[("edge", "symmetric")], "boolean")
        self.assertEqual(keys[("edge", "acting")], "boolean")
        self.assertEqual(keys[("edge", "property_weight")], "long")

    def test_networkx_reads_every_value_with_its_type(self):
        g = nx.read_graphml(self.path, force_multigraph=True)
        self.assertEqual(set(g.nodes), set(FACTS_DATA.entities))
        for eid, e in FACTS_DATA.entities.items():
            data = dict(g.nodes[eid])
            self.assertEqual(data.pop("type"), e["type"])
            self.assertEqual(data.pop("label"), e["name"])
            if "aliases" in e:
                self.assertEqual(json.loads(data.pop("aliases")), e["aliases"])
            for name, (d, value) in FACTS_DATA.entity_properties(e).items():
                got = data.pop(name)
                want = self.expected_value(d, value, name)
                self.assertEqual((type(got), got), (type(want), want), f"{eid}.{name}")
            self.assertEqual(data, {}, eid)  # nothing made up
        self.assertEqual(g.number_of_edges(), len(FACTS_DATA.claims))
        for i, r in enumerate(FACTS_DATA.claims):
            data = dict(g.edges[r["from"], r["to"], f"r{i}"])
            self.assertEqual(data.pop("relation"), r["type"])
            self.assertEqual(data.pop("label"), FACTS_DATA.relation_types[r["type"]]["label"])
            self.assertIs(data.pop("symmetric"), FACTS_DATA.symmetric(r))
            self.assertEqual(data.pop("weight"), FACTS_DATA.weight(r))
            lists, counts = FACTS_DATA.citation_fields(r)
            for field, want in lists.items():  # lists as JSON text
                got = json.loads(data.pop(field))
                self.assertEqual(got, [str(w) for w in want] if field == "credibility" else want, f"r{i}.{field}")
            for field, want in counts.items():
                self.assertEqual(data.pop(field), want, f"r{i}.{field}")
            for name, (d, value) in FACTS_DATA.relation_properties(r).items():
                got = data.pop(EDGE_RENAMED.get(name, name))
                want = self.expected_value(d, value, name)
                self.assertEqual((type(got), got), (type(want), want), f"r{i}.{name}")
            self.assertEqual(data, {}, f"r{i}")

    def test_igraph_reads_every_value(self):
        g = igraph.Graph.Read_GraphML(self.path)
        self.assertTrue(g.is_directed())
        self.assertEqual(sorted(g.vs["id"]), sorted(FACTS_DATA.entities))
        for v in g.vs:
            e = FACTS_DATA.entities[v["id"]]
            self.assertEqual((v["type"], v["label"]), (e["type"], e["name"]))
            self.assertEqual(json.loads(v["aliases"]) if v["aliases"] else [], e.get("aliases", []))
            props = FACTS_DATA.entity_properties(e)
            for name in g.vs.attributes():
                if name in ("id", "type", "label", "aliases"):
                    continue
                got = v[name]
                if name not in props:  # igraph fills in what a node lacks
                    self.assertTrue(got in ("", False) or (isinstance(got, float) and math.isnan(got)), (v["id"], name))
                    continue
                want = self.expected_value(*props[name], name)
                if isinstance(want, bool):
                    self.assertIs(got, want)
                elif isinstance(want, int):
                    self.assertEqual((type(got), got), (float, float(want)))  # igraph's numbers are doubles
                else:
                    self.assertEqual(got, want, (v["id"], name))
        self.assertEqual(g.ecount(), len(FACTS_DATA.claims))
        for i, (edge, r) in enumerate(zip(g.es, FACTS_DATA.claims)):
            self.assertEqual((g.vs[edge.source]["id"], g.vs[edge.target]["id"]), (r["from"], r["to"]))
            self.assertEqual(edge["relation"], r["type"])
            self.assertIs(edge["symmetric"], FACTS_DATA.symmetric(r))
            self.assertEqual(edge["weight"], FACTS_DATA.weight(r))
            lists, _ = FACTS_DATA.citation_fields(r)
            self.assertEqual((json.loads(edge["basis"]), json.loads(edge["cites"]), json.loads(edge["evidence"])),
                             (lists["basis"], lists["cites"], lists["evidence"]))
            for name, (d, value) in FACTS_DATA.relation_properties(r).items():
                want = self.expected_value(d, value, name)
                got = edge[EDGE_RENAMED.get(name, name)]
                self.assertEqual(got, float(want) if type(want) is int else want, f"r{i}.{name}")

    def test_deterministic(self):
        self.assertEqual(export("graphml"), self.text)


GEXF_SCHEMA = os.path.join(HERE, "fixtures", "gexf-1.2draft", "gexf.xsd")
# The edge types Gephi's GEXF importer (ImporterGEXF) knows; any other is a
# severe import issue there.
GEPHI_EDGE_TYPES = {"directed", "undirected"}


def gephi_list(text):
    """A `liststring` value read as Gephi reads it (graphstore's ArraysParser):
    brackets, commas and spaces between items, items in quotes with `\\`
    escaping the next character."""
    items, i = [], 0
    while i < len(text):
        c = text[i]
        i += 1
        if c in "[](), \t\r\n":
            continue
        if c not in "\"'":
            raise AssertionError(f"unquoted item at {i - 1} in {text!r}")
        item, escaped = "", False
        while i < len(text):
            ch = text[i]
            i += 1
            if ch == c and not escaped:
                break
            if ch == "\\" and not escaped:
                escaped = True
                continue
            item, escaped = item + ch, False
        else:
            raise AssertionError(f"unclosed item in {text!r}")
        items.append(item)
    return items


class GexfTest(unittest.TestCase):
    """GEXF 1.2, valid against its schema, read by Debian's NetworkX as it
    ships (read_gexf, no subclass) and with Gephi's rules for lists."""

    @classmethod
    def setUpClass(cls):
        cls.text = export("gexf")
        cls.dir = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.dir.name, "relmap.gexf")
        with open(cls.path, "w") as f:
            f.write(cls.text)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    @staticmethod
    def expected_value(d, value, name):
        if name in FACTS_DATA.kind_conflicts([name]):
            return value
        v = FACTS_DATA.typed(d, value)
        return [str(x).lower() if isinstance(x, bool) else str(x) for x in v] if isinstance(v, list) else v

    def test_valid_against_the_gexf_1_2_schema(self):
        r = subprocess.run(["xmllint", "--noout", "--schema", GEXF_SCHEMA, self.path], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("validates", r.stderr)

    def test_gexf_1_2_with_edge_types_both_readers_take_and_list_types(self):
        ns = {"x": "http://www.gexf.net/1.2draft"}
        root = ET.parse(self.path).getroot()
        self.assertEqual((root.tag, root.get("version")), ("{http://www.gexf.net/1.2draft}gexf", "1.2"))
        graph = root.find("x:graph", ns)
        self.assertEqual((graph.get("mode"), graph.get("defaultedgetype")), ("static", "directed"))
        types = {(a.get("title")): a.get("type") for a in graph.findall("x:attributes[@class='node']/x:attribute", ns)}
        self.assertEqual((types["staff"], types["public"], types["code"]), ("long", "boolean", "string"))
        self.assertEqual((types["aliases"], types["acronyms"]), ("liststring", "liststring"))
        edges = graph.findall("x:edges/x:edge", ns)
        self.assertEqual(len(edges), len(FACTS_DATA.claims))
        for edge, r in zip(edges, FACTS_DATA.claims):
            # Gephi's ImporterGEXF takes "directed" and "undirected" (it
            # refuses "mutual"); NetworkX refuses "undirected" in a directed graph.
            self.assertIn(edge.get("type"), GEPHI_EDGE_TYPES - {"undirected"})
            self.assertEqual(edge.get("type"), "directed")
            self.assertEqual(float(edge.get("weight")), FACTS_DATA.weight(r))
            self.assertIsNone(edge.get("kind"))  # GEXF 1.3 only

    def test_lists_read_as_gephi_reads_them(self):
        ns = {"x": "http://www.gexf.net/1.2draft"}
        graph = ET.parse(self.path).getroot().find("x:graph", ns)
        ids = {a.get("title"): a.get("id") for a in graph.findall("x:attributes[@class='node']/x:attribute", ns)}
        cert = graph.find("x:nodes/x:node[@id='cert']", ns)
        value = cert.find(f"x:attvalues/x:attvalue[@for='{ids['acronyms']}']", ns).get("value")
        self.assertEqual(value, '["JPCERT", "CC;CERT", "a,b"]')
        self.assertEqual(gephi_list(value), ["JPCERT", "CC;CERT", "a,b"])
        self.assertEqual(gephi_list('["say \\"hi\\"", "back\\\\slash"]'), ['say "hi"', "back\\slash"])

    def test_stock_networkx_reads_it_back(self):
        g = nx.read_gexf(self.path)
        self.assertTrue(g.is_directed())
        # NetworkX makes a multigraph only of parallel edges: claims with the same ends.
        ends = [(r["from"], r["to"]) for r in FACTS_DATA.claims]
        self.assertEqual(g.is_multigraph(), len(set(ends)) < len(ends))
        self.assertEqual(set(g.nodes), set(FACTS_DATA.entities))
        for eid, e in FACTS_DATA.entities.items():
            data = dict(g.nodes[eid])
            self.assertEqual(data.pop("label"), e["name"])  # line breaks kept
            self.assertEqual(data.pop("type"), e["type"])
            if "aliases" in e:
                self.assertEqual(gephi_list(data.pop("aliases")), e["aliases"])
            for name, (d, value) in FACTS_DATA.entity_properties(e).items():
                got = data.pop(name)
                want = self.expected_value(d, value, name)
                if isinstance(want, list):
                    got = gephi_list(got)
                self.assertEqual((type(got), got), (type(want), want), f"{eid}.{name}")
            self.assertEqual(data, {}, eid)
        # One edge per relation, in its stored direction; symmetric ones say so.
        self.assertEqual(g.number_of_edges(), len(FACTS_DATA.claims))
        for i, r in enumerate(FACTS_DATA.claims):
            key = (f"r{i}",) if g.is_multigraph() else ()
            data = dict(g.edges[(r["from"], r["to"]) + key])
            self.assertFalse(g.has_edge(r["to"], r["from"], *key))
            self.assertEqual(data.pop("id"), f"r{i}")
            self.assertEqual(data.pop("relation"), r["type"])
            self.assertEqual(data.pop("label"), FACTS_DATA.relation_types[r["type"]]["label"])
            self.assertEqual(data.pop("weight"), FACTS_DATA.weight(r))
            self.assertIs(data.pop("symmetric"), FACTS_DATA.symmetric(r))
            lists, counts = FACTS_DATA.citation_fields(r)
            for field, want in lists.items():  # liststring in Gephi's form
                got = data.pop(field)
                self.assertEqual(gephi_list(got) if isinstance(got, str) else got,
                                 [str(w) for w in want] if field == "credibility" else want, f"r{i}.{field}")
            for field, want in counts.items():
                self.assertEqual(data.pop(field), want, f"r{i}.{field}")
            for name, (d, value) in FACTS_DATA.relation_properties(r).items():
                got = data.pop(EDGE_RENAMED.get(name, name))
                want = self.expected_value(d, value, name)
                if isinstance(want, list):
                    got = gephi_list(got)
                self.assertEqual((type(got), got), (type(want), want), f"r{i}.{name}")
            self.assertEqual(data, {}, f"r{i}")

    def test_deterministic(self):
        self.assertEqual(export("gexf"), self.text)


class NodeLinkJsonTest(unittest.TestCase):
    """Node-link JSON read by Debian's NetworkX as it ships: from "links", its
    default, and from "edges", where NetworkX 3.6 and later look."""

    @classmethod
    def setUpClass(cls):
        cls.doc = json.loads(export("json"))

    def check(self, g):
        self.assertTrue(g.is_directed() and g.is_multigraph())
        self.assertEqual(set(g.nodes), set(FACTS_DATA.entities))
        self.assertEqual(g.number_of_edges(), len(FACTS_DATA.claims))
        for i, r in enumerate(FACTS_DATA.claims):
            data = g.edges[r["from"], r["to"], f"r{i}"]
            lists, counts = FACTS_DATA.citation_fields(r)
            self.assertEqual(data["relation"], r["type"])
            for field, want in lists.items():
                self.assertEqual(data[field], want, f"r{i}.{field}")
            for field, want in counts.items():
                self.assertEqual(data[field], want, f"r{i}.{field}")
            self.assertIs(data["symmetric"], FACTS_DATA.symmetric(r))
        self.assertEqual(g.nodes["cert"]["acronyms"], ["JPCERT", "CC;CERT", "a,b"])

    def test_read_from_links(self):
        self.check(nx.node_link_graph(self.doc))

    def test_read_from_edges(self):
        self.assertEqual(self.doc["edges"], self.doc["links"])
        without_links = {k: v for k, v in self.doc.items() if k != "links"}
        self.check(nx.node_link_graph(without_links, link="edges"))


# neo4j-admin's header grammar: <name>:<field_type>, where the type is one of
# the special fields or a property type, [] for arrays.
PROPERTY_TYPES = "int|long|float|double|boolean|byte|short|char|string|point|date|localtime|time|localdatetime|datetime|duration"
HEADER_FIELD = re.compile(r"^(?P<name>[^:]*):(?P<type>ID|LABEL|START_ID|END_ID|TYPE|IGNORE|(?:%s)(?:\[\])?)$" % PROPERTY_TYPES)
ARRAY_DELIMITER = "\x1f"  # --array-delimiter="U+001F"


class Neo4jTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.dir.name, "neo4j")
        r = run("export", "--schema", SCHEMA, "--data", FACTS, "--format", "neo4j", "-o", cls.out)
        assert r.returncode == 0, r.stderr
        cls.files = sorted(os.listdir(cls.out))
        cls.csv = {}
        for name in cls.files:
            if name.endswith(".csv"):
                with open(os.path.join(cls.out, name), newline="", encoding="utf-8") as f:
                    rows = list(csv.reader(f, delimiter=",", quotechar='"', doublequote=True, strict=True))
                cls.csv[name] = (rows[0], rows[1:])

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    @staticmethod
    def value(field_type, text):
        """A field as neo4j-admin reads it; None for an empty field."""
        if text == "":
            return None
        if field_type == "string[]":  # an item per citation: an empty one is ""
            return text.split(ARRAY_DELIMITER)
        if field_type.endswith("[]"):
            return [Neo4jTest.value(field_type[:-2], item) for item in text.split(ARRAY_DELIMITER)]
        if field_type == "long":
            assert re.fullmatch(r"-?[0-9]+", text), text
            return int(text)
        if field_type == "double":
            return float(text)
        if field_type == "boolean":
            assert text in ("true", "false"), text
            return text == "true"
        return text

    def records(self, prefix):
        """{file: [{header name or special field: value}]} for the files starting with prefix."""
        out = {}
        for name, (header, rows) in self.csv.items():
            if not name.startswith(prefix):
                continue
            fields = [HEADER_FIELD.match(h) for h in header]
            out[name] = []
            for row in rows:
                self.assertEqual(len(row), len(header), (name, row))
                rec = {}
                for m, text in zip(fields, row):
                    t = m.group("type")
                    key = m.group("name") if t not in ("LABEL", "START_ID", "END_ID", "TYPE") else ":" + t
                    v = text.split(ARRAY_DELIMITER) if t == "LABEL" else self.value(t, text)
                    if v is not None:
                        rec[key] = v
                out[name].append(rec)
        return out

    def test_every_header_field_follows_the_import_format(self):
        self.assertTrue(self.csv)
        for name, (header, rows) in self.csv.items():
            for h in header:
                self.assertRegex(h, HEADER_FIELD, name)
            types = [HEADER_FIELD.match(h).group("type") for h in header]
            names = [HEADER_FIELD.match(h).group("name") for h in header]
            props = [n for n, t in zip(names, types) if t not in ("ID", "LABEL", "START_ID", "END_ID", "TYPE")]
            self.assertEqual(len(props), len(set(props)), name)  # no property twice
            if name.startswith("nodes-"):
                self.assertEqual(types.count("ID"), 1, name)
                self.assertEqual(types.count("LABEL"), 1, name)
            else:
                self.assertTrue(name.startswith("relationships-"), name)
                for special in ("START_ID", "END_ID", "TYPE"):
                    self.assertEqual(types.count(special), 1, (name, special))
                    self.assertEqual(names[types.index(special)], "", name)

    def test_ids_unique_and_every_relationship_end_exists(self):
        ids = [rec["id"] for recs in self.records("nodes-").values() for rec in recs]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(set(ids), set(FACTS_DATA.entities))
        ends = [(rec[":START_ID"], rec[":END_ID"]) for recs in self.records("relationships-").values() for rec in recs]
        self.assertEqual(len(ends), len(FACTS_DATA.claims))
        for a, b in ends:
            self.assertIn(a, ids)
            self.assertIn(b, ids)

    def test_values_and_types_survive(self):
        nodes = {rec["id"]: (name, rec) for name, recs in self.records("nodes-").items() for rec in recs}
        for eid, e in FACTS_DATA.entities.items():
            name, rec = nodes[eid]
            rec = dict(rec)
            self.assertEqual(name, "nodes-%s.csv" % e["type"])
            rec.pop("id")
            labels = rec.pop(":LABEL")
            self.assertEqual(labels[0], "Relmap")
            self.assertEqual(labels[-1], e["type"].title().replace("_", ""))
            self.assertEqual(rec.pop("name"), e["name"])
            self.assertEqual(rec.pop("type"), e["type"])
            self.assertEqual(rec.pop("aliases", []), e.get("aliases", []))
            for pname, (d, value) in FACTS_DATA.entity_properties(e).items():
                want = FACTS_DATA.typed(d, value)  # one file per type: no conflicting kinds
                got = rec.pop(pname)
                self.assertEqual((type(got), got), (type(want), want), f"{eid}.{pname}")
            self.assertEqual(rec, {}, eid)
        rels = [rec for _, recs in sorted(self.records("relationships-").items()) for rec in recs]
        expected = sorted(FACTS_DATA.claims, key=lambda r: r["type"])  # stable: fact order within a type
        self.assertEqual(len(rels), len(expected))
        for rec, r in zip(rels, expected):
            rec = dict(rec)
            self.assertEqual((rec.pop(":START_ID"), rec.pop(":END_ID")), (r["from"], r["to"]))
            self.assertEqual(rec.pop(":TYPE"), r["type"].upper())
            self.assertEqual(rec.pop("label"), FACTS_DATA.relation_types[r["type"]]["label"])
            self.assertIs(rec.pop("symmetric"), FACTS_DATA.symmetric(r))
            self.assertEqual(rec.pop("weight"), FACTS_DATA.weight(r))
            lists, counts = FACTS_DATA.citation_fields(r)
            for field, want in lists.items():  # string[] arrays
                self.assertEqual(rec.pop(field), [str(w) for w in want] if field == "credibility" else want,
                                 f"{r}.{field}")
            for field, want in counts.items():
                self.assertEqual(rec.pop(field), want, f"{r}.{field}")
            for pname, (d, value) in FACTS_DATA.relation_properties(r).items():
                want = FACTS_DATA.typed(d, value)
                got = rec.pop(EDGE_RENAMED.get(pname, pname))
                self.assertEqual((type(got), got), (type(want), want), f"{r}.{pname}")
            self.assertEqual(rec, {})

    def test_cypher_and_readme_load_exactly_the_files_written(self):
        written = {name for name in self.files if name.endswith(".csv")}
        with open(os.path.join(self.out, "import.cypher")) as f:
            script = f.read()
        loads = re.findall(r"LOAD CSV WITH HEADERS FROM 'file:///([^']+)' AS row", script)
        self.assertEqual(sorted(loads), sorted(written))
        self.assertEqual(len(loads), len(set(loads)))
        # Every field a statement reads is in its file's header.
        for stmt in script.split("LOAD CSV")[1:]:
            name = re.match(r" WITH HEADERS FROM 'file:///([^']+)'", stmt).group(1)
            header = set(self.csv[name][0])
            for used in re.findall(r"row\.`([^`]+)`", stmt):
                self.assertIn(used, header, name)
        labels = {label for recs in self.records("nodes-").values() for rec in recs for label in rec[":LABEL"]}
        with open(os.path.join(self.out, "constraints.cypher")) as f:
            constraints = f.read()
        self.assertIn(constraints, script)
        self.assertEqual(set(re.findall(r"FOR \(n:`([^`]+)`\) REQUIRE n\.id IS UNIQUE;", constraints)), labels)
        with open(os.path.join(self.out, "README.md")) as f:
            readme = f.read()
        named = re.findall(r"--(?:nodes|relationships)=(\S+)", readme)
        self.assertEqual(sorted(named), sorted(written))
        self.assertIn('--array-delimiter="U+001F"', readme)
        self.assertIn("shortestPath((a)-[:", readme)

    def test_several_files_refuse_standard_output(self):
        r = run("export", "--schema", SCHEMA, "--data", FACTS, "--format", "neo4j")
        self.assertEqual(r.returncode, 2)
        self.assertIn("-o DIR", r.stderr)
        self.assertEqual(r.stdout, "")


STIX_NAMESPACE = uuid.UUID("1b74abeb-8d1e-4e52-9b07-fd56470e6c99")  # relmap's, fixed
STIX_TIMESTAMP = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$")
STIX_COMMON = {"type", "spec_version", "id", "created_by_ref", "created", "modified", "labels", "external_references",
               "description", "name", "confidence", "extensions"}
STIX_FIXTURES = os.path.join(HERE, "fixtures", "stix")
OPENCTI_EXTENSION = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba"
# The STIX 2.1 vocabularies and properties used.
IDENTITY_CLASS_OV = {"individual", "group", "system", "organization", "class", "unknown"}
GROUPING_CONTEXT_OV = {"suspicious-activity", "malware-analysis", "unspecified"}
INDUSTRY_SECTOR_OV = {
    "agriculture", "aerospace", "automotive", "chemical", "commercial", "communications", "construction", "defense",
    "education", "energy", "entertainment", "financial-services", "government", "government-national",
    "government-regional", "government-local", "government-public-services", "healthcare", "hospitality-leisure",
    "infrastructure", "dams", "nuclear", "water", "insurance", "manufacturing", "mining", "non-profit",
    "pharmaceuticals", "retail", "technology", "telecommunications", "transportation", "utilities"}
OWN_PROPERTIES = {
    "identity": {"identity_class", "sectors", "roles", "contact_information"},
    "location": {"latitude", "longitude", "precision", "region", "country", "administrative_area", "city",
                 "street_address", "postal_code"},
    "grouping": {"context", "object_refs"},
    "event": {"start_time", "stop_time"},  # OpenCTI's Event (modules/event/event-converter.ts)
    "report": {"report_types", "published", "object_refs"},
    "relationship": {"relationship_type", "source_ref", "target_ref", "start_time", "stop_time"},
}

try:
    import jsonschema
except ImportError:
    jsonschema = None


def export_project(folder, tmp):
    """The STIX bundle of the project in `folder`, as `relmap export` writes it there."""
    r = run("export", "--format", "stix", cwd=folder, timeout=600, env=dict(os.environ, TMPDIR=tmp))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


_bundles = {}


def bundles():
    """The bundles every rule is checked on: the fixture's, data/'s and a generated corpus's."""
    if not _bundles:
        _bundles["fixture"] = json.loads(export("stix"))
        with tempfile.TemporaryDirectory() as tmp:
            _bundles["data/"] = export_project(relmap_run.ROOT, tmp)
            corpus = os.path.join(tmp, "corpus")
            subprocess.run(["/usr/bin/python3", relmap_run.GENERATOR, corpus,
                            "--relations", "2000", "--seed", "3"], check=True, capture_output=True, timeout=120)
            _bundles["generated corpus"] = export_project(corpus, tmp)
    return _bundles


class OpenCti:
    """OpenCTI's rules read from its source (tests/fixtures/stix/opencti/README.md)."""

    def __init__(self):
        with open(os.path.join(STIX_FIXTURES, "opencti", "relationships.json")) as f:
            rules = json.load(f)
        self.any_pair = set(rules["any_pair"])
        self.pairs = {k: set(v) for k, v in rules["pairs"].items()}
        self.identity_class = rules["identity_class"]
        self.location = rules["location"]
        self.types = rules["types"]

    def entity_type(self, o):
        """The entity type OpenCTI makes of a STIX object on import."""
        if o["type"] == "identity":
            return self.identity_class.get(o.get("identity_class"), self.identity_class["*"])
        if o["type"] == "location":
            if "x_opencti_location_type" in o:
                return o["x_opencti_location_type"]
            return next((t for k, t in self.location.items() if k in o), self.location["*"])
        return self.types[o["type"]]

    def allows(self, relationship_type, from_type, to_type):
        return relationship_type in self.any_pair or relationship_type in self.pairs.get(
            "%s_%s" % (from_type, to_type), set())


class StixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.text = export("stix")
        cls.bundle = json.loads(cls.text)
        cls.objects = cls.bundle["objects"]
        cls.by_id = {o["id"]: o for o in cls.objects}
        cls.entities = {o["x_relmap_id"]: o for o in cls.objects if "x_relmap_id" in o and o["type"] != "report"}
        cls.reports = {o["x_relmap_id"]: o for o in cls.objects if o["type"] == "report"}
        cls.relationships = [o for o in cls.objects if o["type"] == "relationship" and "x_relmap_type" in o]

    def assert_uuid5_id(self, value, type_name):
        self.assertRegex(value, r"^%s--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$" % type_name)
        u = uuid.UUID(value.split("--", 1)[1])
        self.assertEqual((u.version, u.variant), (5, uuid.RFC_4122))

    def test_bundle(self):
        for name, bundle in bundles().items():
            self.assertEqual(bundle["type"], "bundle", name)
            self.assertEqual(set(bundle), {"type", "id", "objects"}, name)
            self.assert_uuid5_id(bundle["id"], "bundle")
            self.assertEqual(len({o["id"] for o in bundle["objects"]}), len(bundle["objects"]), name)  # ids unique

    def test_common_properties_of_every_object(self):
        for o in self.objects:
            self.assertIn(o["type"], OWN_PROPERTIES)
            self.assertEqual(o["spec_version"], "2.1")
            self.assert_uuid5_id(o["id"], o["type"])
            for t in ("created", "modified"):
                self.assertRegex(o[t], STIX_TIMESTAMP, o["id"])
            self.assertGreaterEqual(o["modified"], o["created"])
            if "created_by_ref" in o:
                self.assertEqual(self.by_id[o["created_by_ref"]]["type"], "identity")
            for name in o:
                if name in STIX_COMMON or name in OWN_PROPERTIES[o["type"]]:
                    continue
                self.assertRegex(name, r"^x_[a-z0-9_]{1,248}$", o["id"])  # a custom property
            for ref in o.get("external_references", []):
                self.assertTrue(ref["source_name"])
                if "url" in ref:
                    self.assertRegex(ref["url"], r"^https?://")
            for label in o.get("labels", []):
                self.assertIsInstance(label, str)

    def test_objects_by_type(self):
        for o in self.objects:
            if o["type"] == "identity":
                self.assertTrue(o["name"])
                self.assertIn(o["identity_class"], IDENTITY_CLASS_OV)
                self.assertLessEqual(set(o.get("sectors", [])), INDUSTRY_SECTOR_OV)
            elif o["type"] == "location":
                self.assertRegex(o["country"], r"^[A-Z]{2}$")
            elif o["type"] == "grouping":
                self.assertIn(o["context"], GROUPING_CONTEXT_OV)
            elif o["type"] == "event":  # a new SDO of OpenCTI's extension
                self.assertEqual(o["extensions"], {OPENCTI_EXTENSION: {"extension_type": "new-sdo"}})
            elif o["type"] == "relationship":
                for end in ("source_ref", "target_ref"):
                    self.assertIn(self.by_id[o[end]]["type"], {"identity", "location", "grouping", "event"})
            for ref in o.get("object_refs", []):
                self.assertIn(ref, self.by_id)

    def test_every_object_passes_the_oasis_schemas(self):
        if jsonschema is None:
            self.skipTest("python3-jsonschema is not installed (apt-get install python3-jsonschema, as .ci/setup "
                          "does): the OASIS STIX 2.1 schemas are not checked")
        root = os.path.join(STIX_FIXTURES, "oasis", "schemas")
        store = {}
        for folder, _, files in os.walk(root):
            for name in files:
                with open(os.path.join(folder, name)) as f:
                    schema = json.load(f)
                store[schema["$id"]] = schema
        by_type = {os.path.splitext(name)[0]: schema for name, schema in
                   ((s["$id"].rsplit("/", 1)[1], s) for s in store.values()) if "/common/" not in schema["$id"]}
        core = next(s for i, s in store.items() if i.endswith("/common/core.json"))
        for name, bundle in bundles().items():
            for o in bundle["objects"]:
                schema = by_type.get(o["type"], core)  # a new SDO (OpenCTI's event) passes the common rules
                validator = jsonschema.Draft202012Validator(
                    schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store))
                errors = [e.message for e in validator.iter_errors(o)]
                self.assertEqual(errors, [], "%s: %s" % (name, o["id"]))

    def test_schema_check_catches_a_broken_object(self):
        if jsonschema is None:
            self.skipTest("python3-jsonschema is not installed")
        with open(os.path.join(STIX_FIXTURES, "oasis", "schemas", "sdos", "report.json")) as f:
            report = json.load(f)
        store = {}
        for folder, _, files in os.walk(os.path.join(STIX_FIXTURES, "oasis", "schemas")):
            for name in files:
                with open(os.path.join(folder, name)) as f:
                    schema = json.load(f)
                store[schema["$id"]] = schema
        validator = jsonschema.Draft202012Validator(report, resolver=jsonschema.RefResolver.from_schema(report, store=store))
        good = next(o for o in self.objects if o["type"] == "report")
        self.assertEqual(list(validator.iter_errors(good)), [])
        self.assertNotEqual(list(validator.iter_errors(dict(good, published="31 Oct 2016"))), [])
        self.assertNotEqual(list(validator.iter_errors({k: v for k, v in good.items() if k != "object_refs"})), [])

    def test_every_relationship_is_one_opencti_allows(self):
        opencti = OpenCti()
        for name, bundle in bundles().items():
            by_id = {o["id"]: o for o in bundle["objects"]}
            for o in bundle["objects"]:
                if o["type"] != "relationship":
                    continue
                from_type = opencti.entity_type(by_id[o["source_ref"]])
                to_type = opencti.entity_type(by_id[o["target_ref"]])
                self.assertTrue(opencti.allows(o["relationship_type"], from_type, to_type),
                                "%s: %s %s %s (%s)" % (name, from_type, o["relationship_type"], to_type,
                                                       o.get("x_relmap_type")))

    def test_standard_terms_where_opencti_has_them(self):
        # Countries act as organisations, groups of countries are groups, not
        # sectors; located-at and part-of are used where OpenCTI allows them.
        for name, bundle in bundles().items():
            if name == "fixture":
                continue
            used = {}
            for o in bundle["objects"]:
                if o["type"] == "relationship" and "x_relmap_type" in o:
                    used.setdefault(o["x_relmap_type"], set()).add(o["relationship_type"])
            self.assertIn("located-at", used.get("located_in", set()), name)
            self.assertIn("part-of", used.get("part_of", set()), name)
            self.assertIn("part-of", used.get("member_of", set()), name)
            self.assertEqual(used.get("attended"), {"related-to"}, name)
            self.assertEqual(used.get("cooperates_with"), {"related-to"}, name)
            countries = [o for o in bundle["objects"] if o.get("x_relmap_type") == "country" and o["type"] != "report"]
            self.assertTrue(countries)
            self.assertEqual({o["type"] for o in countries}, {"identity"}, name)
            groups = [o for o in bundle["objects"] if o.get("x_relmap_type") == "country_group"]
            self.assertEqual({o["identity_class"] for o in groups}, {"group"}, name)
            self.assertNotIn("grouping", {o["type"] for o in bundle["objects"]
                                          if o.get("x_relmap_type") in ("event", "agreement")}, name)

    def test_every_fact_is_there_with_its_id_time_and_evidence(self):
        dataset = [o for o in self.objects if "created_by_ref" not in o]
        self.assertEqual([o["type"] for o in dataset], ["identity"])
        entities = self.entities
        sources = {i for i, e in FACTS_DATA.entities.items() if e["type"] == "source"}
        self.assertEqual(set(entities), set(FACTS_DATA.entities) - sources)
        for eid, o in entities.items():
            e = FACTS_DATA.entities[eid]
            self.assertEqual(o["id"], "%s--%s" % (o["type"], uuid.uuid5(STIX_NAMESPACE, eid)))
            self.assertEqual((o["name"], o["x_relmap_type"]), (e["name"], e["type"]))
            self.assertEqual(o.get("x_relmap_aliases", []), e.get("aliases", []))
            self.assertEqual(o["created_by_ref"], dataset[0]["id"])
        # A country is an identity, located at its country when it has a code.
        japan = entities["japan"]
        self.assertEqual((japan["type"], japan["identity_class"]), ("identity", "organization"))
        [where] = [self.by_id[o["target_ref"]] for o in self.objects
                   if o["type"] == "relationship" and o["source_ref"] == japan["id"]
                   and o["relationship_type"] == "located-at"]
        self.assertEqual((where["type"], where["country"], where["name"]), ("location", "JP", "Japan"))
        self.assertEqual(where["id"], "location--%s" % uuid.uuid5(STIX_NAMESPACE, "japan#location"))
        self.assertEqual((entities["tokyo"]["type"], entities["tokyo"]["city"], entities["tokyo"]["country"]),
                         ("location", "Tokyo", "JP"))
        self.assertEqual((entities["atlantis"]["type"], entities["atlantis"]["identity_class"]),
                         ("identity", "organization"))  # a country without a code, and no location
        self.assertFalse([o for o in self.objects if o["type"] == "relationship"
                          and o["source_ref"] == entities["atlantis"]["id"] and "x_relmap_type" not in o])
        self.assertEqual(entities["alice"]["identity_class"], "individual")
        meeting = entities["meeting"]
        self.assertEqual(meeting["type"], "event")
        self.assertEqual(meeting["start_time"], "2016-01-01T00:00:00.000Z")  # date 2016; its days need a day
        self.assertNotIn("stop_time", meeting)
        self.assertEqual(entities["cert"]["x_relmap_properties"]["staff"], 42)
        self.assertIs(entities["cert"]["x_relmap_properties"]["public"], True)
        self.assertEqual([r["external_id"] for r in meeting["external_references"]], ["src-a"])
        # An actor's times are those of the articles citing it: first and latest.
        self.assertEqual((entities["laos"]["created"], entities["laos"]["modified"]),
                         ("2016-10-31T00:00:00.000Z", "2016-10-31T00:00:00.000Z"))

        stated = [r for r in FACTS_DATA.relations if r["from"] not in sources and r["to"] not in sources]
        self.assertEqual(len(self.relationships), len(stated))
        for o, r in zip(self.relationships, stated):
            self.assertEqual(o["x_relmap_type"], r["type"])
            source_ref, target_ref = self.by_id[o["source_ref"]], self.by_id[o["target_ref"]]
            # A located-at to a country goes to its location.
            self.assertEqual(source_ref.get("x_relmap_id"), r["from"])
            if "x_relmap_id" in target_ref:
                self.assertEqual(target_ref["x_relmap_id"], r["to"])
            else:
                self.assertEqual((o["relationship_type"], target_ref["id"]),
                                 ("located-at", "location--%s" % uuid.uuid5(STIX_NAMESPACE, r["to"] + "#location")))
            self.assertEqual((o["description"], o["x_relmap_evidence"]), (r["evidence"], r["evidence"]))
            self.assertEqual(o["x_relmap_basis"], r["basis"])
            # The Admiralty credibility as STIX 2.1 appendix A maps it; without
            # a grade of its own a stated relation counts as 2, an implied one as 3.
            credibility = int(r.get("credibility") or {"stated": 2, "implied": 3}[r["basis"]])
            self.assertEqual(o["x_relmap_credibility"], credibility)
            if credibility == 6:
                self.assertNotIn("confidence", o)
            else:
                self.assertEqual(o["confidence"], 110 - 20 * credibility)
            source = FACTS_DATA.entities[r["source"]]
            ref = o["external_references"][0]
            self.assertEqual((ref["source_name"], ref["external_id"], ref.get("url")),
                             (source["name"], r["source"], source.get("url")))
            name = json.dumps([r["from"], r["type"], r["to"], r["source"], r["evidence"]],
                              ensure_ascii=False, separators=(",", ":"))
            self.assertEqual(o["id"], "relationship--%s" % uuid.uuid5(STIX_NAMESPACE, name))
            # The time is the cited article's date; 1970-01-01 where it has none.
            self.assertEqual(o["created"], (source.get("date") or "1970-01-01") + "T00:00:00.000Z")
        types = [(o["x_relmap_type"], o["relationship_type"]) for o in self.relationships]
        self.assertEqual(types, [
            ("member_of", "part-of"), ("cooperates_with", "related-to"), ("cooperates_with", "related-to"),
            ("holds_position", "part-of"), ("attended", "related-to"), ("located_in", "located-at"),
            ("located_in", "located-at"), ("cooperates_with", "related-to"), ("cooperates_with", "related-to")])
        self.assertEqual(self.relationships[0]["start_time"], "2001-01-01T00:00:00.000Z")  # start: 2001

    def test_one_report_per_article(self):
        self.assertEqual(set(self.reports), {"src-a", "src-b"})
        a, b = self.reports["src-a"], self.reports["src-b"]
        self.assertEqual(a["id"], "report--%s" % uuid.uuid5(STIX_NAMESPACE, "src-a"))
        self.assertEqual((a["published"], a["created"]), ("2016-10-31T00:00:00.000Z", "2016-10-31T00:00:00.000Z"))
        self.assertEqual(a["name"], FACTS_DATA.entities["src-a"]["name"])
        self.assertEqual(a["external_references"][0]["url"], "https://example.org/news?id=1&lang=en")
        # src-b supports one relation: Japan and Laos cooperate; the report
        # lists it, both countries and where they are, in the bundle's order.
        [rel] = [o for o in self.relationships if o["x_relmap_cites"] == "src-b"]
        japan, laos = self.entities["japan"], self.entities["laos"]
        order = {o["id"]: i for i, o in enumerate(self.objects)}
        links = [o for o in self.objects if o["type"] == "relationship" and "x_relmap_type" not in o
                 and o["source_ref"] in (japan["id"], laos["id"])]
        self.assertEqual(len(links), 2)
        expected = {rel["id"], japan["id"], laos["id"]} | {o["id"] for o in links} | {o["target_ref"] for o in links}
        self.assertEqual(b["object_refs"], sorted(expected, key=order.get))
        # src-a: every relation citing it, and the meeting it reports.
        for o in self.relationships:
            self.assertEqual(o["id"] in a["object_refs"], o["x_relmap_cites"] == "src-a", o["id"])
            for end in ("source_ref", "target_ref"):
                if o["x_relmap_cites"] == "src-a":
                    self.assertIn(o[end], a["object_refs"])
        self.assertIn(self.entities["meeting"]["id"], a["object_refs"])

    def test_deterministic(self):
        self.assertEqual(export("stix"), self.text)


if __name__ == "__main__":
    unittest.main()
