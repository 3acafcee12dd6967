#!/usr/bin/env python3
"""Writes the malformed-input corpus of the ConfigMgr log reader, with expectations.

    python3 make_corpus.py          (Python 3.11, standard library only)

Small cases are written as files under files/ (checked in; they also seed the fuzzer). Large
cases (a megabyte of NUL padding, lines longer than 1 MiB, records with 100,000 lines) are not
checked in as files: cases.json describes their bytes as a recipe of parts with repeat counts
that the test expands in memory. Every case carries its expectation in cases.json; the
GoogleTest malformed_corpus_test.cpp reads it, reads each case from memory (at once and in tiny
reads), from a file, and sniffs it.

The expectations are written from the reader's documented rules (reader.h,
record_assembler.h), not from its output: a mismatch is a question to answer, not a file to
regenerate. The script is deterministic (fixed seeds); rerun it after changing a case and
commit files/ and cases.json together.
"""
from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import random
import shutil
import struct
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

OPMGR = "SMS_AMT_OPERATION_MANAGER"
DEVICE = "Provision target is indicated with SMS resource id. (MachineId = 48 hp7800.vprolab.com)"
GUID = "C284DE32-F287-11DC-BBDA-C4A11E4B001C"
REJECT = f"Warning: AMT device {GUID} is a SMS client. Reject hello message to provision."

CASES: list[dict] = []
NAMES: set[str] = set()


# --- building blocks ---------------------------------------------------------------------

def sms(msg: str, eol: str = "\r\n", date: str = "01-14-2009", clock: str = "13:43:12.000",
        thread: int = 2436, comp: str = OPMGR) -> str:
    return f"{msg}  $$<{comp}><{date} {clock}+480><thread={thread} (0x{thread:X})>{eol}"


def ccm(msg: str, eol: str = "\r\n", time: str = "13:43:12.000+480", date: str = "01-14-2009",
        comp: str = "oobmgmt", thread: int = 2436) -> str:
    return (f'<![LOG[{msg}]LOG]!><time="{time}" date="{date}" component="{comp}" context="" '
            f'type="1" thread="{thread}" file="oobmgmt.cpp:120">{eol}')


def viewer(msg: str, eol: str = "\r\n", when: str = "1/14/2009 1:43:12 PM") -> str:
    return f"{msg}\t{OPMGR}\t{when}\t2436 (0x984){eol}"


def u16(text: str) -> bytes:
    return text.encode("utf-16-le", "surrogatepass")


def encode(text: str, enc: str) -> bytes:
    if enc == "utf8":
        return text.encode("utf-8")
    if enc == "utf16":
        return b"\xff\xfe" + u16(text)
    raise ValueError(enc)


ENC_NAME = {"utf8": "utf-8", "utf16": "utf-16le (BOM)"}


def nul(n: int) -> bytes:
    return b"\0" * n


def add(name: str, data: bytes | None = None, *, expect: dict, parts: list | None = None,
        pair: tuple | None = None, ext: str = ".log", kind: str = "") -> None:
    """One case: `data` (written as a file), or `parts` (a recipe), or `pair` (.lo_, .log)."""
    assert name not in NAMES, name
    NAMES.add(name)
    case: dict = {"name": name}
    if kind:
        case["kind"] = kind
    if pair is not None:
        lo, log = pair
        case["pair"] = [write(name + ".lo_", lo), write(name + ".log", log)]
    elif parts is not None:
        case["parts"] = parts
    else:
        case.update(write(name + ext, data))
    case["expect"] = expect
    CASES.append(case)


def runs(data: bytes) -> list[dict]:
    """`data` as parts: runs of one byte (NUL padding, long lines) and hex in between."""
    parts: list[dict] = []
    i = 0
    literal = bytearray()
    while i < len(data):
        j = i
        while j < len(data) and data[j] == data[i]:
            j += 1
        if j - i >= 64:
            if literal:
                parts.append(part_hex(bytes(literal)))
                literal.clear()
            parts.append(part_hex(data[i:i + 1], j - i))
        else:
            literal += data[i:j]
        i = j
    if literal:
        parts.append(part_hex(bytes(literal)))
    return parts


def write(filename: str, data: bytes | dict) -> dict:
    """A small case becomes a file; a large one that compresses well becomes a recipe."""
    if isinstance(data, dict):
        return data
    if len(data) > 16384:
        parts = runs(data)
        if len(json.dumps(parts)) < len(data) // 4:
            return {"parts": parts}
    (FILES / filename).write_bytes(data)
    return {"file": "files/" + filename}


def part_text(text: str, repeat: int = 1) -> dict:
    return {"text": text, "repeat": repeat}


def part_hex(data: bytes, repeat: int = 1) -> dict:
    return {"hex": data.hex(), "repeat": repeat}


# --- 1. SMS trace records cut at every kind of position ------------------------------------

def sms_cut_positions() -> list[tuple[str, int]]:
    line = sms("cut record", eol="")
    marks = [
        ("in-message", line.index("record")),
        ("after-one-space", line.index("  $$") + 1),
        ("after-two-spaces", line.index("  $$") + 2),
        ("after-first-dollar", line.index("$$") + 1),
        ("after-dollars", line.index("$$") + 2),
        ("after-open", line.index("$$<") + 3),
        ("in-component", line.index("OPERATION")),
        ("after-component", line.index("MANAGER>") + 8),
        ("after-stamp-open", line.index("><01-") + 2),
        ("in-month", line.index("01-14") + 1),
        ("in-day", line.index("-14-") + 2),
        ("in-year", line.index("2009") + 2),
        ("after-date", line.index("2009") + 5),
        ("in-hour", line.index(" 13:") + 2),
        ("in-minute", line.index(":43:") + 2),
        ("in-second", line.index(":12.") + 2),
        ("in-millis", line.index(".000") + 2),
        ("after-millis", line.index(".000") + 4),
        ("in-bias", line.index("+480") + 2),
        ("after-bias", line.index("+480") + 4),
        ("after-stamp", line.index("+480>") + 5),
        ("in-thread-word", line.index("<thread=") + 4),
        ("after-thread-eq", line.index("thread=") + 7),
        ("in-thread-number", line.index("=2436") + 3),
        ("in-hex", line.index("(0x") + 4),
        ("before-last-gt", len(line) - 1),
    ]
    return [(label, pos) for label, pos in marks]


def sms_truncation() -> None:
    full = sms("cut record", eol="")
    trailer_at = full.index("  $$")
    first = sms("first record")
    last = sms(DEVICE, thread=5360)
    for label, pos in sms_cut_positions():
        cut = full[:pos]
        damaged_trailer = pos >= trailer_at + 3  # from "  $" on the trailer is recognised
        for enc in ("utf8", "utf16"):
            if enc == "utf16" and label not in ("in-message", "after-two-spaces", "after-dollars",
                                                "in-component", "in-day", "in-millis",
                                                "after-stamp", "in-hex", "before-last-gt"):
                continue
            pad = nul(4096)
            for follow in ("eof", "newline", "nul-padding"):
                text_before = first + cut
                if follow == "eof":
                    data = encode(text_before, enc)
                elif follow == "newline":
                    data = encode(text_before + "\r\n" + last, enc)
                else:
                    data = encode(text_before, enc) + pad + (u16(last) if enc == "utf16"
                                                              else last.encode())
                # A damaged trailer ends the message at its "$$"; otherwise the text is cut.
                cut_msg = (cut[:trailer_at] if damaged_trailer else cut).rstrip()
                if not damaged_trailer and follow == "newline":
                    # Indistinguishable from a message continued on the next line (§1.2).
                    messages = ["first record", cut_msg + "\n" + DEVICE]
                    damaged = [False, False]
                elif follow == "eof":
                    messages = ["first record", cut_msg]
                    damaged = [False, True]
                else:
                    messages = ["first record", cut_msg, DEVICE]
                    damaged = [False, True, False]
                expect = {"ok": True, "encoding": ENC_NAME[enc], "format": "sms-trace",
                          "messages": messages, "damaged": damaged,
                          "damaged_records": damaged.count(True),
                          "skipped_bytes": len(pad) if follow == "nul-padding" else 0}
                if True in damaged:
                    expect["damaged_lines"] = [2]
                    expect["notes_contain"] = ["1 damaged record (line 2)"]
                if follow == "nul-padding":
                    expect["notes_contain"] = expect.get("notes_contain", []) + [
                        "NUL padding skipped: 4,096 bytes"]
                add(f"sms-cut-{label}-{follow}-{enc}", data, expect=expect, kind="truncation")


# --- 2. CCM records cut at every kind of position ------------------------------------------

def ccm_truncation() -> None:
    full = ccm("cut record", eol="")
    first = ccm("first record")
    last = ccm(DEVICE)
    marks = [
        ("after-opener", len("<![LOG[")),
        ("in-message", full.index("record")),
        ("in-close-marker", full.index("]LOG]") + 3),
        ("after-close-gt", full.index("]LOG]!>") + 7),
        ("after-close", full.index("]LOG]!><") + 8),
        ("in-time-name", full.index('time="') + 2),
        ("in-time-value", full.index('13:43') + 3),
        ("after-time", full.index('+480"') + 5),
        ("in-date", full.index('01-14') + 4),
        ("in-component", full.index('oobmgmt"') + 3),
        ("in-type", full.index('type="') + 6),
        ("in-thread", full.index('thread="') + 9),
        ("in-file", full.index('oobmgmt.cpp') + 4),
        ("before-last-gt", len(full) - 1),
    ]
    close_at = full.index("]LOG]!><")
    for label, pos in marks:
        cut = full[:pos]
        if pos >= close_at + len("]LOG]!><"):
            cut_msg = "cut record"
        else:
            cut_msg = cut[len("<![LOG["):].rstrip()
        for enc in ("utf8", "utf16"):
            if enc == "utf16" and label not in ("in-message", "in-close-marker", "after-close",
                                                "in-date", "before-last-gt"):
                continue
            for follow in ("eof", "newline", "nul-padding"):
                pad = nul(512)
                if follow == "eof":
                    data = encode(first + cut, enc)
                    messages, damaged = ["first record", cut_msg], [False, True]
                elif follow == "newline":
                    data = encode(first + cut + "\r\n" + last, enc)
                    messages, damaged = ["first record", cut_msg, DEVICE], [False, True, False]
                else:
                    data = encode(first + cut, enc) + pad + (u16(last) if enc == "utf16"
                                                             else last.encode())
                    messages, damaged = ["first record", cut_msg, DEVICE], [False, True, False]
                expect = {"ok": True, "encoding": ENC_NAME[enc], "format": "ccm",
                          "messages": messages, "damaged": damaged, "damaged_records": 1,
                          "damaged_lines": [2],
                          "skipped_bytes": len(pad) if follow == "nul-padding" else 0}
                add(f"ccm-cut-{label}-{follow}-{enc}", data, expect=expect, kind="truncation")


# --- 3. Damaged trailers of both formats, glued records ------------------------------------

def damaged_trailers_and_glued() -> None:
    garbled = {
        "sms-garbage-in-date": "msg  $$<SMS_AMT_OPERATION_MANAGER><01-14-20#9 13:43:12.000+480><thread=1 (0x1)>",
        "sms-garbage-in-clock": "msg  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 1x:43:12.000+480><thread=1 (0x1)>",
        "sms-missing-gt-after-stamp": "msg  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:43:12.000+480<thread=1 (0x1)>",
        "sms-garbage-thread": "msg  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:43:12.000+480><thread=x (0x1)>",
        "sms-garbage-hex": "msg  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:43:12.000+480><thread=1 (0xZZ)>",
        "sms-control-in-trailer": "msg  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:43:12.000+480><thr\x07ead=1 (0x1)>",
        "sms-empty-component-garbled": "msg  $$<><garbage><thread=1 (0x1)>",
        "sms-lt-in-component": "msg  $$<SMS<AMT><01-14-2009 13:43:12.000+480><thread=1 (0x1)>",
    }
    for name, line in garbled.items():
        data = (sms("before") + line + "\r\n" + sms(DEVICE)).encode("utf-8")
        add(name, data, kind="damaged-trailer", expect={
            "ok": True, "messages": ["before", "msg", DEVICE], "damaged": [False, True, False],
            "damaged_records": 1, "damaged_lines": [2]})
    # Text that only looks like a trailer start stays text.
    data = (sms("price $$< 5 and $$ more") + sms("next")).encode()
    add("sms-dollars-in-message", data, kind="damaged-trailer", expect={
        "ok": True, "messages": ["price $$< 5 and $$ more", "next"], "damaged_records": 0})
    # Glued SMS records: two and three on one line, and a damaged one between good ones.
    add("sms-glued-two", (sms("a", eol="") + sms("b")).encode(), kind="glued",
        expect={"ok": True, "messages": ["a", "b"], "damaged_records": 0, "lines": 1})
    add("sms-glued-three", (sms("a", eol="") + sms("b", eol="") + sms("c")).encode(),
        kind="glued", expect={"ok": True, "messages": ["a", "b", "c"], "lines": 1})
    add("sms-glued-damaged-between",
        (sms("a", eol="") + "b  $$<SMS_AMT_OPERATION_MANAGER><01-14-2009 13:4#:12.000+480>"
         "<thread=1 (0x1)>" + sms("c")).encode(), kind="glued",
        expect={"ok": True, "messages": ["a", "b", "c"], "damaged": [False, True, False],
                "damaged_records": 1, "damaged_lines": [1]})
    # Glued CCM records.
    a, b, c = (ccm(m, eol="") for m in "abc")
    add("ccm-glued-two", (a + b + "\r\n").encode(), kind="glued",
        expect={"ok": True, "messages": ["a", "b"], "damaged_records": 0, "lines": 1,
                "notes_contain": ["1 record glued to the previous one on the same line"]})
    add("ccm-glued-three", (a + b + c + "\r\n").encode(), kind="glued",
        expect={"ok": True, "messages": ["a", "b", "c"], "lines": 1})
    for label, opener in (("space", "< ![LOG["), ("no-lt", "![LOG["), ("no-bracket", "<!LOG["),
                          ("two-lt", "<<![LOG[")):
        add(f"ccm-glued-damaged-opener-{label}", (a + b.replace("<![LOG[", opener) + "\r\n" +
                                                  ccm("c")).encode(),
            kind="glued", expect={"ok": True, "messages": ["a", "b", "c"],
                                  "damaged": [False, True, False], "damaged_records": 1})
    add("ccm-glued-with-garbage-between", (a + "junk" + b + "\r\n").encode(), kind="glued",
        expect={"ok": True, "messages": ["a", "junk", "b"]})
    add("ccm-glued-utf16", encode(a + b + "\r\n" + ccm("c"), "utf16"), kind="glued",
        expect={"ok": True, "messages": ["a", "b", "c"], "encoding": "utf-16le (BOM)"})
    # Damaged CCM markers.
    garbled_marker = ccm("garbled").replace("]LOG]!><", "]LOG]!#<")
    add("ccm-garbled-close-marker", (ccm("a") + garbled_marker + ccm("b")).encode(),
        kind="damaged-trailer", expect={"ok": True, "messages": ["a", "garbled", "b"],
                                        "damaged": [False, True, False], "damaged_records": 1})
    no_opener = ccm("opener lost")[len("<![LOG["):]
    add("ccm-opener-lost", (ccm("a") + no_opener + ccm("b")).encode(), kind="damaged-trailer",
        expect={"ok": True, "messages": ["a", "opener lost", "b"],
                "damaged": [False, True, False]})
    add("ccm-unbalanced-quote", (ccm("a") + ccm("q").replace('context=""', 'context="') +
                                 ccm("b")).encode(), kind="damaged-trailer",
        expect={"ok": True, "messages": ["a", "q", "b"], "damaged": [False, True, False]})
    add("ccm-gt-inside-quotes", ccm("g").replace('file="oobmgmt.cpp:120"',
                                                 'file="a>b.cpp"').encode(),
        kind="damaged-trailer", expect={"ok": True, "messages": ["g"], "damaged_records": 0})
    add("ccm-multiline-open-at-eof", (ccm("a") + "<![LOG[line one\nline two").encode(),
        kind="truncation", expect={"ok": True, "messages": ["a", "line one\nline two"],
                                   "damaged": [False, True], "damaged_lines": [2]})
    add("ccm-multiline-cut-by-next", (ccm("a") + "<![LOG[line one\nline two\n" +
                                      ccm("b")).encode(), kind="truncation",
        expect={"ok": True, "messages": ["a", "line one\nline two", "b"],
                "damaged": [False, True, False]})
    add("ccm-multiline-ok", (ccm("a") + ccm("x\ny\n\nz") + ccm("b")).encode(),
        kind="truncation", expect={"ok": True, "messages": ["a", "x\ny\n\nz", "b"],
                                   "damaged_records": 0, "lines": 6})


# --- 4. NUL padding ------------------------------------------------------------------------

def nul_padding() -> None:
    body = sms("one") + sms("two")
    for enc in ("utf8", "utf16"):
        unit = 2 if enc == "utf16" else 1
        threshold = 4 * unit if enc == "utf16" else 8
        for n in (1 * unit, 3 * unit, threshold, 512, 4096, 65536):
            # at the end of the file: always padding, whatever its length
            add(f"nul-end-{n}-{enc}", encode(body, enc) + nul(n), kind="nul-padding",
                expect={"ok": True, "messages": ["one", "two"], "skipped_bytes": n,
                        "damaged_records": 0, "lines": 2})
            # between two complete lines
            tail = u16(sms("three")) if enc == "utf16" else sms("three").encode()
            long_run = n >= threshold
            add(f"nul-between-lines-{n}-{enc}", encode(body, enc) + nul(n) + tail,
                kind="nul-padding",
                expect={"ok": True, "skipped_bytes": n if long_run else 0,
                        "messages": ["one", "two", "three"] if long_run else
                        ["one", "two", "\0" * (n // unit) + "three"],
                        "damaged_records": 0})
            # inside a record: a long run cuts it, a short one is data (a complete first line
            # makes it an SMS trace file whatever the padding hides from the head)
            head = encode(sms("zero") + "first " + "x" * 10, enc)
            rest_text = "second" + sms("")
            rest = u16(rest_text) if enc == "utf16" else rest_text.encode()
            if long_run:
                messages, damaged = ["zero", "first xxxxxxxxxx", "second"], [False, True, False]
            else:
                messages = ["zero", "first xxxxxxxxxx" + "\0" * (n // unit) + "second"]
                damaged = [False, False]
            add(f"nul-inside-record-{n}-{enc}", head + nul(n) + rest, kind="nul-padding",
                expect={"ok": True, "skipped_bytes": n if long_run else 0,
                        "messages": messages, "damaged": damaged,
                        "damaged_records": 1 if long_run else 0})
    # padding at the start of the file (a log preallocated, then written after the zeros)
    add("nul-start-4096-utf8", nul(4096) + sms("after zeros").encode(), kind="nul-padding",
        expect={"ok": True, "messages": ["after zeros"], "skipped_bytes": 4096,
                "notes_contain": ["NUL padding skipped: 4,096 bytes from byte 0"]})
    # two runs
    add("nul-two-runs", sms("a").encode() + nul(100) + sms("b").encode() + nul(200),
        kind="nul-padding", expect={"ok": True, "messages": ["a", "b"], "skipped_bytes": 300,
                                    "notes_contain": ["300 bytes in 2 runs, the first at byte"]})
    # odd-length padding in UTF-16: the reader realigns on the text
    add("nul-odd-length-utf16", encode(sms("a"), "utf16") + nul(1001) + u16(sms("b")),
        kind="nul-padding", expect={"ok": True, "messages": ["a", "b"], "skipped_bytes": 1001})
    # only NUL bytes
    add("nul-only", nul(4000), kind="empty",
        expect={"ok": True, "records": 0, "skipped_bytes": 4000,
                "sniff": {"is_text": False, "is_empty": True,
                          "reason": "only NUL bytes (a log whose text was never written)"}})
    # 1 MiB of crash padding after 5,120 bytes: a recipe, not a checked-in megabyte
    text = ""
    i = 0
    while len(text) < 5120:
        text += sms(f"record {i}")
        i += 1
    text = text[:5120 - 2] + "\r\n"
    add("nul-crash-1mib", parts=[part_text(text), part_hex(b"\0", 1 << 20)], kind="nul-padding",
        expect={"ok": True, "skipped_bytes": 1 << 20, "notes_contain": [
            "NUL padding skipped: 1,048,576 bytes from byte 5,120 (what a crash leaves)"],
            "sniff": {"is_text": True}})


# --- 5. Line ends --------------------------------------------------------------------------

def line_ends() -> None:
    makers = {"sms": lambda m, e: sms(m, eol=e), "ccm": lambda m, e: ccm(m, eol=e),
              "viewer": lambda m, e: viewer(m, eol=e), "bare": lambda m, e: m + e}
    styles = {"lf": ["\n"] * 3, "crlf": ["\r\n"] * 3, "cr": ["\r"] * 3,
              "mixed": ["\r\n", "\n", "\r"], "crcrlf": ["\r\r\n"] * 3}
    for fmt, make in makers.items():
        for style, eols in styles.items():
            for enc in ("utf8", "utf16"):
                if enc == "utf16" and style not in ("cr", "mixed"):
                    continue
                text = "".join(make(m, e) for m, e in zip(["a", "b", "c"], eols))
                lines = 6 if style == "crcrlf" else 3
                expect = {"ok": True, "messages": ["a", "b", "c"], "lines": lines,
                          "damaged_records": 0}
                if style == "cr":
                    expect["notes_contain"] = ["line ends are CR only (old Mac style)"]
                if style == "mixed":
                    expect["notes_contain"] = ["mixed line ends: 1 CRLF, 1 LF, 1 CR alone"]
                add(f"eol-{style}-{fmt}-{enc}", encode(text, enc), kind="line-ends",
                    expect=expect)
    add("eol-none-at-end", (sms("a") + sms("b", eol="")).encode(), kind="line-ends",
        expect={"ok": True, "messages": ["a", "b"], "lines": 2})
    add("eol-lf-cr-pairs", b"a\n\rb\n\rc", kind="line-ends",
        expect={"ok": True, "messages": ["a", "b", "c"], "lines": 5})


# --- 6. Encodings, switches, BOMs ----------------------------------------------------------

def encodings() -> None:
    text = sms(REJECT) + sms("Caf\u00e9 \u201cq\u201d \U0001F600 done")
    add("enc-utf8", text.encode(), kind="encoding",
        expect={"ok": True, "encoding": "utf-8", "records": 2})
    add("enc-utf8-bom", b"\xef\xbb\xbf" + text.encode(), kind="encoding",
        expect={"ok": True, "encoding": "utf-8 (BOM)", "records": 2})
    add("enc-utf16le-bom", b"\xff\xfe" + u16(text), kind="encoding",
        expect={"ok": True, "encoding": "utf-16le (BOM)", "records": 2})
    add("enc-utf16le-nobom", u16(text), kind="encoding",
        expect={"ok": True, "encoding": "utf-16le", "records": 2})
    add("enc-cp1252", sms("Caf\xe9 \x93q\x94 \x80").encode("latin-1"), kind="encoding",
        expect={"ok": True, "encoding": "windows-1252",
                "messages": ["Caf\u00e9 \u201cq\u201d \u20ac"]})
    add("enc-cp1252-line-in-utf8", (sms("caf\u00e9").encode() + sms("caf\xe9").encode("latin-1")),
        kind="encoding", expect={"ok": True, "messages": ["caf\u00e9", "caf\u00e9"]})
    add("enc-utf16-unpaired-surrogate", b"\xff\xfe" + u16(sms("x")) + b"\x00\xd8" + u16("y\r\n"),
        kind="encoding", expect={"ok": True, "messages": ["x", "\ufffdy"]})
    wide = encode(sms("wide one") + sms("wide two"), "utf16")
    narrow = (sms("narrow one") + sms("narrow two")).encode()
    add("switch-utf16-to-utf8", wide + narrow, kind="encoding-switch",
        expect={"ok": True, "messages": ["wide one", "wide two", "narrow one", "narrow two"],
                "notes_contain": [f"encoding changes from UTF-16LE to UTF-8 at byte {len(wide):,}"]})
    add("switch-utf16-to-utf8-short-tail", wide + b"tail\r\n", kind="encoding-switch",
        expect={"ok": True, "messages": ["wide one", "wide two", "tail"]})
    add("switch-utf8-to-utf16", narrow + u16(sms("wide")), kind="encoding-switch",
        expect={"ok": True, "messages": ["narrow one", "narrow two", "wide"],
                "encoding": "utf-8",
                "notes_contain": [f"encoding changes from UTF-8 to UTF-16LE at byte {len(narrow):,}"]})
    add("switch-utf8-to-utf16-with-bom", narrow + b"\xff\xfe" + u16(sms("wide")),
        kind="encoding-switch", expect={"ok": True, "messages": ["narrow one", "narrow two",
                                                                  "wide"]})
    add("switch-three-times", wide + narrow + u16(sms("wide again")) + b"narrow again\r\n",
        kind="encoding-switch",
        expect={"ok": True, "messages": ["wide one", "wide two", "narrow one", "narrow two",
                                         "wide again", "narrow again"]})
    add("switch-cut-line-before-utf16", sms("a").encode() + b"cut mid-mess" + u16(sms("w")),
        kind="encoding-switch", expect={"ok": True, "messages": ["a", "cut mid-mess", "w"],
                                        "damaged": [False, True, False]})
    add("switch-utf16-padding-utf8", wide + nul(64) + narrow, kind="encoding-switch",
        expect={"ok": True, "skipped_bytes": 64,
                "messages": ["wide one", "wide two", "narrow one", "narrow two"]})
    # BOMs
    add("bom-lying-utf16-says", b"\xff\xfe" + sms("utf-8 after all").encode(), kind="bom",
        expect={"ok": True, "encoding": "utf-8", "messages": ["utf-8 after all"],
                "notes_contain": ["byte order mark says UTF-16LE but the text is UTF-8"]})
    add("bom-lying-utf8-says", b"\xef\xbb\xbf" + u16(sms("utf-16 after all")), kind="bom",
        expect={"ok": True, "encoding": "utf-16le", "messages": ["utf-16 after all"],
                "notes_contain": ["byte order mark says UTF-8 but the text is UTF-16LE"]})
    add("bom-double-utf8", b"\xef\xbb\xbf\xef\xbb\xbf" + sms("a").encode(), kind="bom",
        expect={"ok": True, "messages": ["a"],
                "notes_contain": ["1 byte order mark inside the text removed (line 1)"]})
    add("bom-inside-utf8", sms("a").encode() + b"\xef\xbb\xbf" + sms("b").encode(), kind="bom",
        expect={"ok": True, "messages": ["a", "b"]})
    add("bom-inside-utf16", encode(sms("a"), "utf16") + b"\xff\xfe" + u16(sms("b")), kind="bom",
        expect={"ok": True, "messages": ["a", "b"]})
    add("bom-only-utf8", b"\xef\xbb\xbf", kind="bom",
        expect={"ok": True, "records": 0, "sniff": {
            "is_empty": True, "reason": "empty file (byte order mark only)"}})
    add("bom-only-utf16", b"\xff\xfe", kind="bom",
        expect={"ok": True, "records": 0, "sniff": {"is_empty": True}})
    add("bom-utf16be", b"\xfe\xff" + sms("be").encode("utf-16-be"), kind="bom",
        expect={"ok": False, "error_prefix": "UTF-16BE text", "records": 0})
    add("bom-utf16be-nobom", sms("be").encode("utf-16-be"), kind="bom",
        expect={"ok": False, "error_prefix": "UTF-16BE text"})
    add("bom-utf32le", b"\xff\xfe\x00\x00" + sms("x").encode("utf-32-le"), kind="bom",
        expect={"ok": False, "error_prefix": "UTF-32LE text"})
    add("bom-utf32be", b"\x00\x00\xfe\xff" + sms("x").encode("utf-32-be"), kind="bom",
        expect={"ok": False, "error_prefix": "UTF-32BE text"})


# --- 7. Long lines, long records -----------------------------------------------------------

def long_input() -> None:
    mib = 1 << 20
    add("long-sms-line-3mib", parts=[part_text("m", 3 * mib), part_text(sms("") + sms("next"))],
        kind="long", expect={"ok": True, "records": 2, "truncated_bytes_min": 2 * mib - 8192,
                             "truncated": [True, False], "lines": 2,
                             "notes_contain": ["1 line longer than 1,048,576 bytes truncated"]})
    add("long-ccm-line-2mib", parts=[part_text("<![LOG["), part_text("c", 2 * mib),
                                     part_text(ccm("", eol="\r\n")[len("<![LOG["):]),
                                     part_text(ccm("next"))],
        kind="long", expect={"ok": True, "records": 2, "truncated": [True, False]})
    add("long-bare-no-eol-5mib", parts=[part_text("x", 5 * mib)], kind="long",
        expect={"ok": True, "records": 1, "lines": 1, "truncated": [True]})
    add("long-line-under-cap-600k", parts=[part_text("y", 600_000), part_text(sms(""))],
        kind="long", expect={"ok": True, "records": 1, "truncated": [False],
                             "truncated_bytes": 0})
    add("long-utf16-line-2mib", parts=[part_hex(b"\xff\xfe"), part_hex(u16("z"), 2 * mib),
                                       part_hex(u16(sms("") + sms("next")))],
        kind="long", expect={"ok": True, "records": 2, "truncated": [True, False],
                             "encoding": "utf-16le (BOM)"})
    add("long-ccm-100k-lines", parts=[part_text("<![LOG[start\n"), part_text("line\r\n", 100_000),
                                      part_text(ccm("end")[len("<![LOG["):]),
                                      part_text(ccm("next"))],
        kind="long", expect={"ok": True, "records": 2, "lines": 100_003,
                             "damaged_records": 0, "truncated": [False, False]})
    add("long-ccm-300k-lines-capped", parts=[part_text("<![LOG[start\n"),
                                             part_text("longer line of text\r\n", 300_000),
                                             part_text(ccm("end")[len("<![LOG["):])],
        kind="long", expect={"ok": True, "records": 1, "truncated": [True],
                             "notes_contain": ["1 record longer than 1,048,576 bytes truncated"]})
    add("long-sms-100k-continuation", parts=[part_text(sms("first")),
                                             part_text("continued\n", 100_000),
                                             part_text(sms("end"))],
        kind="long", expect={"ok": True, "records": 2, "damaged_records": 0,
                             "truncated": [False, False]})
    add("long-sms-open-at-eof", parts=[part_text(sms("first")), part_text("no trailer\n", 200_000)],
        kind="long", expect={"ok": True, "records": 2, "damaged_records": 1,
                             "truncated": [False, True]})


# --- 8. Control characters -----------------------------------------------------------------

def control_characters() -> None:
    samples = {
        "esc": "\x1b[31mred\x1b[0m",
        "bel": "ring\x07ring",
        "backspace": "back\x08\x08space",
        "c1-nel": "next\u0085line",
        "c1-csi": "csi\u009b31m",
        "bidi-override": "\u202eevil\u202c",
        "vt-ff": "vt\x0bff\x0c",
        "line-separator": "ls\u2028ps\u2029",
        "del-sub": "del\x7fsub\x1a",
    }
    for name, msg in samples.items():
        text = sms(msg) + ccm(msg) + msg + "\r\n"
        add(f"ctl-{name}", text.encode(), kind="control",
            expect={"ok": True, "messages": [msg, msg, msg], "lines": 3,
                    "sniff": {"is_text": True}})
    add("ctl-stray-bytes-among-text", (sms("a") + "\x01\x02\x03" + sms("b")).encode(),
        kind="control", expect={"ok": True, "messages": ["a", "\x01\x02\x03b"],
                                "sniff": {"is_text": True}})


# --- 9. Empty, blank ------------------------------------------------------------------------

def empty_and_blank() -> None:
    blanks = {"zero-length": (b"", "empty file"),
              "spaces": (b"     ", "only blank lines"),
              "crlfs": (b"\r\n\r\n\r\n", "only blank lines"),
              "tabs-and-lines": (b"\t\n \t\r\n\r", "only blank lines"),
              "utf16-blank": (b"\xff\xfe" + u16(" \r\n\t\r\n"), "only blank lines"),
              "utf8-bom-blank": (b"\xef\xbb\xbf  \r\n", "only blank lines")}
    for name, (data, reason) in blanks.items():
        add(f"empty-{name}", data, kind="empty", ext=".LOG",
            expect={"ok": True, "records": 0, "damaged_records": 0,
                    "sniff": {"is_text": False, "is_empty": True, "reason": reason}})


# --- 10. Binary and compressed look-alikes named AMTOPMGR.LOG --------------------------------

def binaries() -> None:
    rng = random.Random(20240501)
    log = ("".join(sms(f"record {i} {DEVICE}") for i in range(40))).encode()
    zip_buffer = io.BytesIO()
    with zipfile.ZipFile(zip_buffer, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("AMTOPMGR.LOG", date_time=(2009, 1, 14, 13, 43, 12))
        z.writestr(info, log)
    noise = bytes(rng.getrandbits(8) for _ in range(3000))
    pcap_header = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    samples = {
        "gzip": (gzip.compress(log, mtime=0), "gzip-compressed data"),
        "bzip2": (bz2.compress(log), "bzip2-compressed data"),
        "xz": (lzma.compress(log), "xz-compressed data"),
        "zip": (zip_buffer.getvalue(), "zip archive"),
        "zstd": (b"\x28\xb5\x2f\xfd" + noise, "zstd-compressed data"),
        "7z": (b"7z\xbc\xaf\x27\x1c" + noise, "7-zip archive"),
        "rar": (b"Rar!\x1a\x07\x00" + noise, "RAR archive"),
        "lz4": (b"\x04\x22\x4d\x18" + noise, "lz4-compressed data"),
        "cab": (b"MSCF\0\0\0\0" + noise, "Microsoft cabinet archive"),
        "pcap-le": (pcap_header + noise, "pcap packet capture"),
        "pcap-be": (struct.pack(">IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1) + noise,
                    "pcap packet capture"),
        "pcapng": (b"\x0a\x0d\x0d\x0a" + noise, "pcapng packet capture"),
        "elf": (b"\x7fELF\x02\x01\x01" + nul(9) + noise, "ELF executable"),
        "pe": (b"MZ\x90\x00\x03\x00\x00\x00" + noise, "Windows executable (MZ/PE)"),
        "evtx": (b"ElfFile\0" + noise, "Windows event log (EVTX)"),
        "sqlite": (b"SQLite format 3\0" + noise, "SQLite database"),
        "png": (b"\x89PNG\r\n\x1a\n" + noise, "PNG image"),
        "der-cert": (b"\x30\x82\x03\x50\x30\x82\x02\x38" + noise,
                     "DER-encoded data (a certificate or key)"),
        "ole": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise, "OLE compound file (MSI, old Office)"),
    }
    for name, (data, reason) in samples.items():
        add(f"bin-{name}", data, kind="binary", ext=".LOG",
            expect={"ok": False, "error": reason, "records": 0,
                    "sniff": {"is_text": False, "is_empty": False, "reason": reason}})
    for seed, size in ((1, 64), (2, 1000), (3, 70000), (4, 5000)):
        r = random.Random(seed)
        data = bytes(r.getrandbits(8) for _ in range(size))
        add(f"bin-random-{size}", data, kind="binary", ext=".LOG",
            expect={"ok": False, "error_prefix": "binary data (", "records": 0,
                    "sniff": {"is_text": False, "is_empty": False,
                              "reason_prefix": "binary data ("}})
    r = random.Random(9)
    high = bytes(0x80 | r.getrandbits(7) for _ in range(4000))
    add("bin-random-high-bytes", high, kind="binary", ext=".LOG",
        expect={"ok": False, "error_prefix": "binary data ("})
    ctl = bytes((r.getrandbits(5) if i % 3 == 0 else 0x61 + r.getrandbits(4)) for i in range(3000))
    add("bin-control-heavy", ctl, kind="binary", ext=".LOG",
        expect={"ok": False, "error_prefix": "binary data ("})


# --- 11. Rollover pairs --------------------------------------------------------------------

def rollover_pairs() -> None:
    text = sms("one") + sms("two " + DEVICE) + sms("three")
    cut_in_two = text.index("two") + 8
    for label, pos in (("mid-message", cut_in_two), ("in-trailer", text.index("><01", 100) + 6),
                       ("at-line-end", text.index("\r\n") + 1), ("after-line", text.index("\r\n") + 2)):
        add(f"pair-utf8-{label}", pair=(text[:pos].encode(), text[pos:].encode()),
            kind="rollover", expect={"ok": True, "messages": ["one", "two " + DEVICE, "three"],
                                     "damaged_records": 0})
    wide = b"\xff\xfe" + u16(text)
    mid = len(wide) // 2
    for label, pos in (("even", mid - (mid % 2)), ("odd", mid - (mid % 2) + 1),
                       ("odd-in-crlf", wide.index(u16("\r\n")) + 3),
                       ("odd-before-crlf", wide.index(u16("\r\n")) + 1),
                       ("odd-last-byte", len(wide) - 1), ("bom-only", 2), ("bom-plus-one", 3)):
        add(f"pair-utf16-{label}", pair=(wide[:pos], wide[pos:]), kind="rollover",
            expect={"ok": True, "messages": ["one", "two " + DEVICE, "three"],
                    "damaged_records": 0})
    ccm_text = ccm("one") + ccm("multi\nline two") + ccm("three")
    pos = ccm_text.index("line two")
    add("pair-ccm-mid-multiline", pair=(ccm_text[:pos].encode(), ccm_text[pos:].encode()),
        kind="rollover", expect={"ok": True, "messages": ["one", "multi\nline two", "three"]})
    add("pair-empty-lo", pair=(b"", text.encode()), kind="rollover",
        expect={"ok": True, "messages": ["one", "two " + DEVICE, "three"],
                "infos": [{"ok": True, "records": 0, "lines": 0}, {"ok": True, "records": 3}]})
    add("pair-empty-log", pair=(text.encode(), b""), kind="rollover",
        expect={"ok": True, "messages": ["one", "two " + DEVICE, "three"],
                "infos": [{"records": 3}, {"ok": True, "records": 0}]})
    add("pair-lo-padded", pair=(sms("old").encode() + nul(2048), sms("new").encode()),
        kind="rollover", expect={"ok": True, "messages": ["old", "new"],
                                 "infos": [{"skipped_bytes": 2048}, {"skipped_bytes": 0}]})
    add("pair-lo-cut-record-open", pair=(sms("old").encode() + b"open record  $$<SMS_AM",
                                         b""), kind="rollover",
        expect={"ok": True, "messages": ["old", "open record"], "damaged": [False, True]})
    add("pair-utf16-lo-utf8-log", pair=(encode(sms("old"), "utf16"), sms("new").encode()),
        kind="rollover", expect={"ok": True, "messages": ["old", "new"],
                                 "infos": [{"encoding": "utf-16le (BOM)"},
                                           {"encoding": "utf-8"}]})
    add("pair-binary-log", pair=(sms("old").encode(), gzip.compress(b"x" * 100, mtime=0)),
        kind="rollover", expect={"messages": ["old"],
                                 "infos": [{"ok": True}, {"ok": False,
                                                          "error": "gzip-compressed data"}]})


# --- 12. Impossible dates ------------------------------------------------------------------

def invalid_dates() -> None:
    stamps = {"feb-30": ("02-30-2009", "13:43:12.000"), "apr-31": ("04-31-2009", "13:43:12.000"),
              "month-13": ("13-01-2009", "13:43:12.000"), "month-0": ("00-10-2009", "13:43:12.000"),
              "day-0": ("01-00-2009", "13:43:12.000"), "hour-24": ("01-14-2009", "24:00:00.000"),
              "hour-25": ("01-14-2009", "25:43:12.000"), "minute-60": ("01-14-2009", "13:60:12.000"),
              "second-61": ("01-14-2009", "13:43:61.000"), "year-0000": ("01-14-0000", "13:43:12.000"),
              "feb-29-2009": ("02-29-2009", "13:43:12.000")}
    for name, (date, clock) in stamps.items():
        shown = f"{date} {clock}+480 (invalid date)"
        add(f"date-sms-{name}", (sms("a") + sms("bad", date=date, clock=clock) + sms("c")).encode(),
            kind="date", expect={"ok": True, "messages": ["a", "bad", "c"], "invalid_times": 1,
                                 "times": [None, shown, None], "damaged_records": 0,
                                 "notes_contain": ["1 impossible date kept as written and "
                                                   "marked invalid (line 2)"]})
        add(f"date-ccm-{name}", (ccm("a") + ccm("bad", date=date, time=clock + "+480") +
                                 ccm("c")).encode(),
            kind="date", expect={"ok": True, "messages": ["a", "bad", "c"], "invalid_times": 1,
                                 "times": [None, shown, None]})
    add("date-feb-29-leap", sms("leap", date="02-29-2008").encode(), kind="date",
        expect={"ok": True, "invalid_times": 0, "times": ["2008-02-29T21:43:12.000Z"]})
    add("date-viewer-feb-30", viewer("v", when="2/30/2009 1:43:12 PM").encode(), kind="date",
        expect={"ok": True, "format": "viewer-copy", "invalid_times": 1,
                "times": ["02-30-2009 13:43:12.000 (invalid date)"]})


def main() -> None:
    if FILES.exists():
        shutil.rmtree(FILES)
    FILES.mkdir()
    sms_truncation()
    ccm_truncation()
    damaged_trailers_and_glued()
    nul_padding()
    line_ends()
    encodings()
    long_input()
    control_characters()
    empty_and_blank()
    binaries()
    rollover_pairs()
    invalid_dates()
    doc = {"comment": "Generated by make_corpus.py; expectations documented there.",
           "cases": CASES}
    (HERE / "cases.json").write_text(json.dumps(doc, indent=1, ensure_ascii=True) + "\n")
    size = sum(p.stat().st_size for p in FILES.iterdir())
    print(f"{len(CASES)} cases, {len(list(FILES.iterdir()))} files, {size:,} bytes")


if __name__ == "__main__":
    main()
