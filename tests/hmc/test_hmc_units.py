"""The shared pieces on their own: formatter, --filter parser, option parser, messages."""

from __future__ import annotations

import pytest

from harness.hmc.attributes import Listing
from harness.hmc.filters import parse_filter
from harness.hmc.formatting import Record, parse_fields, proc_units, record, render
from harness.hmc.messages import HmcError, world_error
from harness.hmc.options import FLAG, OPTIONAL, VALUE, parse
from harness.world.errors import WorldError

LST = Listing(("name", "ids", "desc", "state"), ("secret",))


def recs() -> list[Record]:
    return [record({"name": "a b", "ids": ["2/1/1/3,4,5/0/1", "3"], "desc": "x=<y>", "state": "",
                    "secret": "s"}, LST),
            record({"name": "c", "ids": ["7"], "desc": "d", "state": "Not Activated", "secret": "t"}, LST,
                   omit={"desc"})]


def test_default_lines_quote_pairs_and_nested_elements():
    assert render(recs(), LST) == (
        'name=a b,"ids=""2/1/1/3,4,5/0/1"",3",desc=x=<y>,state=\n'
        "name=c,ids=7,state=Not Activated\n")


def test_F_orders_delimiters_and_header():
    assert render(recs(), LST, "state:name", header=True) == "state:name\n:a b\nNot Activated:c\n"
    assert render(recs(), LST, "name state") == '"a b" \nc "Not Activated"\n'
    assert render(recs(), LST, "name,ids,secret") == 'a b,"""2/1/1/3,4,5/0/1"",3",s\nc,7,t\n'
    assert render(recs(), LST, "desc,name") == "x=<y>,a b\n,c\n"  # an omitted attribute prints empty [I]
    assert render(recs(), LST, "name,name") == "a b,a b\nc,c\n"


def test_F_alone_prints_every_default_attribute_in_aligned_columns():
    assert render(recs(), LST, "", header=True) == (
        'name,ids,desc,state\na b,"""2/1/1/3,4,5/0/1"",3",x=<y>,\nc,7,,Not Activated\n')


def test_invalid_attribute_and_no_results():
    with pytest.raises(HmcError) as exc:
        render(recs(), LST, "name,nope")
    assert exc.value.text == ("An invalid attribute was entered.  The invalid attribute is nope.  "
                              "Please correct your entry and retry the command.")
    assert render([], LST) == "No results were found.\n"
    assert render([], LST, "name", header=True) == "No results were found.\n"


@pytest.mark.parametrize("spec,names,delim", [
    ("a,b", ("a", "b"), ","), ("a:b:c", ("a", "b", "c"), ":"), ("a b", ("a", "b"), " "),
    ("a, b", ("a", "b"), ","), ("a", ("a",), ","), ("", None, ","), ("a;b", ("a", "b"), ";"),
])
def test_parse_fields(spec, names, delim):
    f = parse_fields(spec)
    assert (f.names, f.delimiter) == (names, delim)


@pytest.mark.parametrize("value,text", [(0.1, "0.1"), (1, "1.0"), (1.5, "1.5"), (2.0, "2.0"), (0.05, "0.05"),
                                        (0.1 + 0.2, "0.3"), (0.0, "0.0"), (16, "16.0")])
def test_proc_units(value, text):
    assert proc_units(value) == text


@pytest.mark.parametrize("data,expected", [
    ("lpar_ids=3", {"lpar_ids": ["3"]}),
    ('"lpar_names=a,b"', {"lpar_names": ["a", "b"]}),
    ("lpar_names=a,b", {"lpar_names": ["a", "b"]}),
    ("lpar_ids=2,profile_names=p1,p2", {"lpar_ids": ["2"], "profile_names": ["p1", "p2"]}),
    ('lpar_ids=2,"profile_names=p1,p2"', {"lpar_ids": ["2"], "profile_names": ["p1", "p2"]}),
    ('"lpar_names=a b,c",lpar_ids=4', {"lpar_names": ["a b", "c"], "lpar_ids": ["4"]}),
])
def test_filter_parsing(data, expected):
    assert parse_filter(data, ("lpar_names", "lpar_ids", "profile_names")) == expected


@pytest.mark.parametrize("data", ["names=x", "x", "", "lpar_names=", "profile_names=p"])
def test_filter_errors(data):
    with pytest.raises(HmcError):
        parse_filter(data, ("lpar_names", "lpar_ids"))


SPEC = {"-r": VALUE, "-m": VALUE, "-F": OPTIONAL, "--header": FLAG}


def test_options_any_order_and_optional_F():
    a = parse(["-r", "lpar", "-m", "S", "-F", "--header"], SPEC)
    b = parse(["--header", "-F", "-m", "S", "-r", "lpar"], SPEC)
    assert a.values == b.values == {"-r": "lpar", "-m": "S", "-F": "", "--header": True}
    assert parse(["-F", "name", "state", "-r", "x"], SPEC).get("-F") == "name state"
    assert parse(["-m", "-dash-name"], SPEC).get("-m") == "-dash-name"


@pytest.mark.parametrize("argv,needle", [
    (["-x"], "The invalid parameter is -x."), (["-m"], "A value is required for the -m parameter."),
    (["stray"], "The invalid parameter is stray."),
])
def test_option_errors(argv, needle):
    with pytest.raises(HmcError) as exc:
        parse(argv, SPEC)
    assert needle in exc.value.text


def test_every_world_error_code_has_text():
    codes = {"HSCL2957": {"lpar": "l", "lpar_id": 2}, "mem_over_max": {"lpar": "l", "quantity": 256, "cur": 1,
                                                                        "max": 2},
             "mem_under_min": {"lpar": "l", "quantity": 256, "cur": 1, "min": 2},
             "mem_insufficient": {"quantity": 1, "avail": 0}, "not_lmb_multiple": {"quantity": 1, "lmb": 256},
             "not_running": {"lpar": "l", "state": "Not Activated"}, "no_connection": {"system": "s"},
             "proc_out_of_range": {"lpar": "l", "value": 0, "min": 1, "max": 2},
             "units_out_of_range": {"lpar": "l", "value": 0.05, "min": 0.1, "max": 2.0},
             "units_per_proc": {"lpar": "l", "units": 1.5, "procs": 1}, "ded_units": {"lpar": "l"},
             "proc_insufficient": {"quantity": 2, "avail": 1.0}, "bad_quantity": {"quantity": 0},
             "bad_operation": {"op": "x"},
             "HSCL2932": {"lpar": "l", "requested": 512, "removed": 0, "os_rc": 1, "os_output": "boom\n"}}
    for code, facts in codes.items():
        text = world_error(WorldError(code, **facts)).text
        assert text.startswith("HSCL") and "{" not in text, code
    assert "units of partition l to 0.05," in world_error(WorldError("units_out_of_range",
                                                                     **codes["units_out_of_range"])).text
    assert world_error(WorldError("no_such_code")).text.startswith("HSCL")
