"""The workspace file (export, import, refusals), ephemeral-storage detection, and the Data page
section (the rebuild from the APIs: tests/ingest/test_pull.py)."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile

import pandas.testing as pdt
import pytest

from lib.store import Store, workspace
from tests.conftest import assert_clean


def snapshot(store: Store) -> dict:
    """Every workspace table as a frame, in a stable row order."""
    out = {}
    for name in workspace.workspace_tables(store):
        frame = store.query(f'SELECT * FROM "{name}"')
        out[name] = frame.sort_values(list(frame.columns)).reset_index(drop=True) if len(frame) else frame
    return out


def assert_same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for name in a:
        pdt.assert_frame_equal(a[name], b[name], check_dtype=True, obj=name)


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> Store:
    path = str(tmp_path / "demo.duckdb")
    shutil.copy(demo_db, path)
    s = Store(path)
    yield s
    s.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> bytes:
    """The demo workspace exported once (from a locked-down store, as the app has it)."""
    from lib.demo import build as demo

    s = Store(str(tmp_path_factory.mktemp("ws") / "demo.duckdb"))
    demo.build_workspace(s, months=3)
    s.lock_down()
    data = workspace.export_workspace(s)
    s.close()
    return data


def rebuild_zip(data: bytes, edit) -> bytes:
    """The same workspace file after EDIT(members: dict[name, bytes]) changed its members."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    edit(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, raw in members.items():
            archive.writestr(name, raw)
    return out.getvalue()


def manifest_edit(change):
    def edit(members):
        manifest = json.loads(members[workspace.MANIFEST])
        change(manifest, members)
        members[workspace.MANIFEST] = json.dumps(manifest).encode()
    return edit


# -- export / import ---------------------------------------------------------------------------
def test_export_is_one_zip_with_a_manifest(demo_file):
    with zipfile.ZipFile(io.BytesIO(demo_file)) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read(workspace.MANIFEST))
    assert manifest["format"] == workspace.FORMAT and manifest["schema_version"] >= 1
    assert names == {workspace.MANIFEST} | {f"{t}.parquet" for t in manifest["tables"]}
    assert {"site_traffic", "ad_performance", "loads", "settings", "objectives"} <= set(manifest["tables"])
    assert "meta" not in manifest["tables"] and "schema_version" not in manifest["tables"]
    assert manifest["tables"]["site_traffic"]["rows"] > 1000


def test_round_trip_of_the_demo_into_an_empty_store(demo_copy, tmp_path):
    before = snapshot(demo_copy)
    data = workspace.export_workspace(demo_copy)
    target = Store(str(tmp_path / "empty.duckdb"))
    target.lock_down()   # the app's connection: no external access
    version = target.data_version()
    done = workspace.import_workspace(target, data)
    assert done["replaced"] == 0
    assert done["imported"] == sum(len(f) for f in before.values())
    assert target.data_version() > version   # caches see the new content
    assert_same(before, snapshot(target))
    # the imported workspace exports to the same content again
    again = Store(str(tmp_path / "again.duckdb"))
    workspace.import_workspace(again, workspace.export_workspace(target))
    assert_same(before, snapshot(again))


def test_import_replaces_everything_and_says_what(demo_copy, demo_file):
    with demo_copy.transaction() as cur:
        cur.execute("INSERT INTO annotations VALUES (99999, DATE '2020-01-01', NULL, 'note', 'extra', now())")
        cur.execute("DELETE FROM objectives")
    rows_before = demo_copy.scalar("SELECT count(*) FROM annotations")
    done = workspace.import_workspace(demo_copy, demo_file)
    assert done["tables"]["annotations"]["before"] == rows_before
    assert done["tables"]["annotations"]["after"] == rows_before - 1
    assert demo_copy.scalar("SELECT count(*) FROM annotations WHERE id = 99999") == 0
    assert demo_copy.scalar("SELECT count(*) FROM objectives") > 0
    assert done["replaced"] > 0 and done["imported"] > 0


def _newer(manifest, members):
    manifest["schema_version"] = 999


def _unknown_table(manifest, members):
    manifest["tables"]["users; DROP TABLE loads"] = {"rows": 0, "sha256": "0" * 64}
    members["users; DROP TABLE loads.parquet"] = b""


def _row_count(manifest, members):
    manifest["tables"]["site_traffic"]["rows"] += 1


def _checksum(manifest, members):
    manifest["tables"]["settings"]["sha256"] = hashlib.sha256(b"other").hexdigest()


def _other_format(manifest, members):
    manifest["format"] = "something-else"


def _listed_missing(members):
    del members["loads.parquet"]


def _schema_internal(manifest, members):
    manifest["tables"]["schema_version"] = {"rows": 0, "sha256": "0" * 64}


def table_edit(name, change):
    """Rewrite one table of the file with CHANGE(rows: list[dict]) and keep the manifest true, as
    someone who forges a workspace file would."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def edit(members):
        table = pq.read_table(io.BytesIO(members[name + workspace.SUFFIX]))
        rows = table.to_pylist()
        change(rows)
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), sink)
        raw = sink.getvalue().to_pybytes()
        members[name + workspace.SUFFIX] = raw
        manifest = json.loads(members[workspace.MANIFEST])
        manifest["tables"][name] = {"rows": len(rows), "sha256": hashlib.sha256(raw).hexdigest()}
        members[workspace.MANIFEST] = json.dumps(manifest).encode()
    return edit


INJECTED = "site_traffic__replaced WHERE false; DROP TABLE orders; SELECT replaced_by FROM site_traffic"


def _set(column, value, row=0):
    return lambda rows: rows[row].__setitem__(column, value)


def _dashboard(definition):
    return lambda rows: rows.append({"id": 7, "name": "x", "definition": definition})


# Values Balise never writes, that later code would trust (issue 17): each is refused at import.
VALUE_REFUSALS = [
    ("load log table", "loads", _set("tables", INJECTED), "unknown table 'site_traffic__replaced WHERE"),
    ("load log table among others", "loads", _set("tables", "orders,orders; DROP TABLE leads"),
     "unknown table"),
    ("load status", "loads", _set("status", "loaded'; --"), "unknown load status"),
    ("load id", "loads", _set("load_id", None), "no id"),
    ("load summary", "loads", _set("summary", "{not json"), "not valid JSON"),
    ("rule scope", "alert_rules", _set("scope", "[1, 2]"), "a dict is expected"),
    ("objective scope", "objectives", _set("scope", "\"text\""), "a dict is expected"),
    ("checklist", "campaigns", _set("checklist", "{}"), "a list is expected"),
    ("dashboard tiles", "dashboards", _dashboard('{"tiles": 5}'), "tiles are a list of objects"),
    ("dashboard tile", "dashboards", _dashboard('{"tiles": [5]}'), "tiles are a list of objects"),
    ("dashboard filters", "dashboards", _dashboard('{"tiles": [{"kpis": [], "filters": [1]}]}'),
     "tiles are a list of objects"),
    ("dashboard", "dashboards", _dashboard("[]"), "a dict is expected"),
    ("home dashboard", "settings", lambda rows: rows.append({"name": "home_dashboard", "value": "42"}),
     "home dashboard '42'"),
    ("mapping target", "mappings", lambda rows: rows.append(
        {"header_sha": "x", "target_table": "orders; DROP TABLE loads", "mapping": "{}",
         "created_at": None}), "unknown target table"),
]


@pytest.mark.parametrize("name,change,message", [r[1:] for r in VALUE_REFUSALS],
                         ids=[r[0] for r in VALUE_REFUSALS])
def test_a_forged_value_is_refused_and_nothing_changes(demo_copy, demo_file, name, change, message):
    before = snapshot(demo_copy)
    with pytest.raises(workspace.WorkspaceError, match=message):
        workspace.import_workspace(demo_copy, rebuild_zip(demo_file, table_edit(name, change)))
    assert_same(before, snapshot(demo_copy))


def test_the_values_balise_writes_are_accepted(demo_copy, demo_file):
    """The checks refuse forgeries only: a home dashboard the file holds, an undone load pass."""
    def edit(members):
        table_edit("dashboards", _dashboard('{"version": 1, "tiles": [{"kpis": ["paid_cost"]}]}'))(members)
        table_edit("settings", lambda rows: rows.append({"name": "home_dashboard", "value": "7"}))(members)
        table_edit("loads", _set("status", "undone"))(members)

    done = workspace.import_workspace(demo_copy, rebuild_zip(demo_file, edit))
    assert done["tables"]["dashboards"]["after"] == 1
    assert demo_copy.scalar("SELECT value FROM settings WHERE name = 'home_dashboard'") == "7"


REFUSALS = [
    ("newer schema", manifest_edit(_newer), "newer Balise"),
    ("unknown table", manifest_edit(_unknown_table), "unknown table"),
    ("bookkeeping table", manifest_edit(_schema_internal), "unknown table"),
    ("row count", manifest_edit(_row_count), "manifest.json says"),
    ("checksum", manifest_edit(_checksum), "checksum"),
    ("other format", manifest_edit(_other_format), "not a Balise workspace manifest"),
    ("listed member missing", _listed_missing, "missing"),
    ("unexpected member", lambda m: m.__setitem__("evil.sh", b"rm -rf /"), "unexpected file"),
    ("unexpected folder", lambda m: m.__setitem__("../outside.parquet", b"x"), "unexpected file"),
    ("no manifest", lambda m: m.pop(workspace.MANIFEST), "manifest.json is missing"),
    ("bad manifest", lambda m: m.__setitem__(workspace.MANIFEST, b"{not json"), "not valid JSON"),
]


@pytest.mark.parametrize("edit,message", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_a_tampered_file_is_refused_and_nothing_changes(demo_copy, demo_file, edit, message):
    before = snapshot(demo_copy)
    version = demo_copy.data_version()
    with pytest.raises(workspace.WorkspaceError, match=message):
        workspace.import_workspace(demo_copy, rebuild_zip(demo_file, edit))
    assert demo_copy.data_version() == version
    assert_same(before, snapshot(demo_copy))


def test_not_a_zip_is_refused(store):
    with pytest.raises(workspace.WorkspaceError, match="not a zip"):
        workspace.import_workspace(store, b"site_traffic,1,2\n")


def test_a_table_that_does_not_fit_rolls_everything_back(demo_copy, demo_file):
    """A Parquet file with a column the schema lacks: refused inside the transaction, all undone."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    def edit(members):
        sink = pa.BufferOutputStream()
        pq.write_table(pa.table({"name": ["x"], "value": ["y"], "bogus": [1]}), sink)
        raw = sink.getvalue().to_pybytes()
        members["settings.parquet"] = raw
        manifest = json.loads(members[workspace.MANIFEST])
        manifest["tables"]["settings"] = {"rows": 1, "sha256": hashlib.sha256(raw).hexdigest()}
        members[workspace.MANIFEST] = json.dumps(manifest).encode()

    before = snapshot(demo_copy)
    with pytest.raises(workspace.WorkspaceError, match="nothing was changed"):
        workspace.import_workspace(demo_copy, rebuild_zip(demo_file, edit))
    assert_same(before, snapshot(demo_copy))


def test_an_older_file_without_a_later_table_empties_it(demo_copy, demo_file):
    def edit(members):
        manifest = json.loads(members[workspace.MANIFEST])
        del manifest["tables"]["mappings"]
        del members["mappings.parquet"]
        members[workspace.MANIFEST] = json.dumps(manifest).encode()

    with demo_copy.transaction() as cur:
        cur.execute("INSERT INTO mappings VALUES ('abc', 'site_traffic', '{}', now())")
    done = workspace.import_workspace(demo_copy, rebuild_zip(demo_file, edit))
    assert done["tables"]["mappings"] == {"before": 1, "after": 0}


def test_file_name():
    assert workspace.file_name("Maison Dupont & fils", "2025-03-01") == \
        "balise-workspace-maison-dupont-fils-2025-03-01.zip"
    assert workspace.file_name("", "2025-03-01") == "balise-workspace-2025-03-01.zip"


# -- where the store lives ---------------------------------------------------------------------
EPHEMERAL = [
    ("local file here", "data/balise.duckdb", {"HOSTNAME": "dev-laptop"}, None, "/work/main", False),
    ("cloud hostname", "data/balise.duckdb", {"HOSTNAME": "streamlit"}, None, "/app", True),
    ("cloud checkout", "data/balise.duckdb", {}, None, "/mount/src/balise", True),
    ("absolute path in cloud", "/mount/src/balise/data/x.duckdb", {}, None, "/", True),
    ("motherduck on cloud", "md:balise", {"HOSTNAME": "streamlit"}, None, "/mount/src/b", False),
    ("secrets flag", "data/balise.duckdb", {}, {"ephemeral": True}, "/srv", True),
    ("secrets flag as text", "data/balise.duckdb", {}, {"ephemeral": "true"}, "/srv", True),
    ("secrets say lasting", "data/balise.duckdb", {"HOSTNAME": "streamlit"}, {"ephemeral": False},
     "/mount/src/b", False),
]


@pytest.mark.parametrize("path,env,secrets,cwd,expected", [e[1:] for e in EPHEMERAL],
                         ids=[e[0] for e in EPHEMERAL])
def test_is_ephemeral(path, env, secrets, cwd, expected):
    assert workspace.is_ephemeral(path, env, secrets=secrets, cwd=cwd) is expected


# -- the Data page section ----------------------------------------------------------------------
def _texts(at) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.caption, *at.warning, *at.success])


def test_data_page_section_warns_and_imports(app_test, empty_db, demo_file, tmp_path, monkeypatch):
    path = str(tmp_path / "target.duckdb")
    shutil.copy(empty_db, path)
    monkeypatch.setenv("HOSTNAME", "streamlit-abc123")   # as on Community Cloud
    monkeypatch.setenv("BALISE_CONNECTIONS", str(tmp_path / "none.json"))
    for var in ("MAILCHIMP_API_KEY", "BALISE_MAILCHIMP_API_KEY", "META_ACCESS_TOKEN", "BALISE_META_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    at = app_test(path, "en", "pages/data.py")
    assert_clean(at)
    assert "Temporary storage" in "\n".join(w.value for w in at.warning)
    assert "No API is configured" in _texts(at)
    assert not at.get("file_uploader") or all(u.key != "ws_import_0" for u in at.get("file_uploader"))
    at.toggle(key="ws_import_open").set_value(True).run()
    at.file_uploader(key="ws_import_0").set_value([("ws.zip", demo_file, "application/zip")]).run()
    assert_clean(at)
    assert "Importing it **replaces** the 0 current rows" in _texts(at)
    go = at.button(key="ws_import_go")
    assert go.disabled
    next(c for c in at.checkbox if c.label.startswith("I understand")).check().run()
    at.button(key="ws_import_go").click().run()
    assert_clean(at)
    assert "Workspace imported" in "\n".join(s.value for s in at.success)
    from lib import ui

    assert ui.store().scalar("SELECT count(*) FROM site_traffic") > 1000


def test_data_page_section_refuses_a_bad_file(app_test, demo_db, tmp_path):
    path = str(tmp_path / "demo.duckdb")
    shutil.copy(demo_db, path)
    at = app_test(path, "fr", "pages/data.py")
    assert_clean(at)
    at.toggle(key="ws_import_open").set_value(True).run()
    at.file_uploader(key="ws_import_0").set_value([("x.zip", b"PK not really", "application/zip")]).run()
    assert_clean(at)
    assert "Fichier refusé" in "\n".join(w.value for w in at.warning)
    assert "ce n'est pas une archive zip" in "\n".join(w.value for w in at.warning)   # the reason in French too


def test_viewer_cannot_import(store):
    from lib import access
    from lib.store import workspace

    data = workspace.export_workspace(store)
    with access.as_role("viewer"):
        with pytest.raises(access.PermissionDenied):
            workspace.import_workspace(store, data)


def test_app_undo_of_a_forged_load_log_is_refused_and_harmless(app_test, empty_db, tmp_path):
    """A load log from a workspace file imported before values were checked (the import now
    refuses it, see VALUE_REFUSALS): the Data page's undo refuses it and runs none of it."""
    path = str(tmp_path / "w.duckdb")
    shutil.copy(empty_db, path)
    s = Store(path)
    with s.transaction() as cur:
        cur.execute("INSERT INTO loads VALUES (1, 'x.csv', '', 'canonical', ?, 0, 0, 0, now(), "
                    "'loaded', '{}')", [INJECTED])
    s.close()
    at = app_test(path, "en", "pages/data.py")
    at.button(key="data_undo_1").click().run()
    assert_clean(at)
    assert "Cannot undo" in "\n".join(w.value for w in at.warning)
    s = Store(path)
    assert s.scalar("SELECT count(*) FROM orders") == 0                # the table is still there
    assert s.scalar("SELECT status FROM loads WHERE load_id = 1") == "loaded"
    s.close()


# -- decoded sizes (issue 17, item 2) ------------------------------------------------------------
def huge_annotations(members):
    """annotations.parquet of a few hundred KB whose text decodes to 4 GB: one 10 MB string,
    dictionary-encoded, used by 400 rows; the manifest kept true."""
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = 400
    text = pa.DictionaryArray.from_arrays(pa.array([0] * rows, pa.int32()), pa.array(["note " * 2 * 2**20]))
    table = pa.table({"id": pa.array(range(rows), pa.int64()),
                      "day": pa.array([datetime.date(2025, 1, 1)] * rows, pa.date32()),
                      "channel": pa.array([None] * rows, pa.string()), "kind": pa.array([None] * rows, pa.string()),
                      "text": text, "created_at": pa.array([None] * rows, pa.timestamp("us"))})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, store_schema=False, compression="zstd", dictionary_pagesize_limit=64 * 2**20)
    raw = sink.getvalue().to_pybytes()
    members["annotations" + workspace.SUFFIX] = raw
    manifest = json.loads(members[workspace.MANIFEST])
    manifest["tables"]["annotations"] = {"rows": rows, "sha256": hashlib.sha256(raw).hexdigest()}
    members[workspace.MANIFEST] = json.dumps(manifest).encode()


def test_a_table_that_decodes_past_the_budget_is_refused_with_memory_capped(demo_file, tmp_path):
    from tests.ingest.bombs import run_capped

    path = tmp_path / "balise-workspace.zip"
    path.write_bytes(rebuild_zip(demo_file, huge_annotations))
    assert path.stat().st_size < 5 * 2**20
    # The child leaves without the interpreter's teardown: once under CI's load, after printing
    # its refusal, it aborted there ("terminate called without an active exception", a C++
    # destructor under the address-space cap), which is not what this test is about.
    done = run_capped("""
import os, sys
from lib.store import Store, workspace
store = Store(sys.argv[2])
try:
    workspace.read_workspace(store, open(sys.argv[1], "rb").read())
    print("READ")
except workspace.WorkspaceError as exc:
    print("REFUSED", exc)
store.close()
sys.stdout.flush()
os._exit(0)
""", str(path), str(tmp_path / "target.duckdb"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert "REFUSED the workspace file unpacks to more than 1024 MB" in done.stdout, done.stdout


def test_the_row_count_is_capped_from_the_parquet_footer(demo_copy, demo_file, monkeypatch):
    monkeypatch.setattr(workspace, "MAX_IMPORT_ROWS", 1000)
    version = demo_copy.data_version()
    with pytest.raises(workspace.WorkspaceError, match="or 1,000 rows: refused"):
        workspace.import_workspace(demo_copy, demo_file)
    assert demo_copy.data_version() == version


def test_a_zip_member_is_read_under_the_budget(demo_copy, demo_file, monkeypatch):
    monkeypatch.setattr(workspace, "MAX_IMPORT_BYTES", 4096)
    with pytest.raises(workspace.WorkspaceError, match="unpacks to more than 0 MB"):
        workspace.import_workspace(demo_copy, demo_file)


def test_the_workspace_upload_meets_the_upload_checks(demo_copy):
    from lib.ui.workspace import _check

    found = _check(demo_copy, "balise-workspace.zip", b"MZ" + b"\x00" * 64)
    assert isinstance(found, str) and "Windows program" in found
    from lib.i18n.messages import say

    assert "programme Windows" in say(found, "fr")   # the page words the refusal in its language
