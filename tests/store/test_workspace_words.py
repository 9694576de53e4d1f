"""Why a workspace file is refused, in the page's language: every WorkspaceError carries a Message
(ws_err_* in lib/i18n/strings/workspace.toml) that a French page words in French, while str(exc),
the command line's text, keeps its English wording."""
from __future__ import annotations

import ast
import hashlib
import io
import json
import shutil
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lib import i18n
from lib.i18n.messages import Message, say_error
from lib.store import Store, workspace
from tests.conftest import ROOT, assert_clean
from tests.i18n.scan import is_message as _is_message

SOURCE = ROOT / "lib" / "store" / "workspace.py"


# -- no English-only refusal -------------------------------------------------------------------
def _error_calls() -> list[ast.Call]:
    """Every WorkspaceError(...) built in the module (raised, or returned to be raised)."""
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
            and n.func.id == "WorkspaceError"]


def _worded_keys() -> set[str]:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    return {n.args[0].value for n in ast.walk(tree) if _is_message(n) and n.args
            and isinstance(n.args[0], ast.Constant) and isinstance(n.args[0].value, str)}


def test_every_workspace_error_carries_a_message():
    calls = _error_calls()
    assert len(calls) >= 25   # the scan sees the refusals it is about
    bare = [n.lineno for n in calls if len(n.args) != 1 or n.keywords or not _is_message(n.args[0])]
    assert bare == [], f"WorkspaceError without a Message at lib/store/workspace.py lines {bare}"


def test_every_raise_of_the_module_raises_a_worded_error():
    """A raise is a WorkspaceError(Message...), a re-raise, or a helper that builds one."""
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    helpers = {f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
               and any(isinstance(r, ast.Return) and isinstance(r.value, ast.Call)
                       and isinstance(r.value.func, ast.Name) and r.value.func.id == "WorkspaceError"
                       for r in ast.walk(f))}
    assert helpers == {"_too_big"}
    wrong = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Raise) or node.exc is None:
            continue
        exc = node.exc
        if not (isinstance(exc, ast.Call) and isinstance(exc.func, ast.Name)
                and (exc.func.id in helpers or (exc.func.id == "WorkspaceError" and exc.args
                                                     and _is_message(exc.args[0])))):
            wrong.append(node.lineno)
    assert wrong == []


def test_every_key_the_module_words_exists_in_both_languages():
    keys = _worded_keys() | set(workspace._SHAPE_KEYS.values())
    assert keys - set(i18n.STRINGS) == set()
    toml = {k for k in i18n.STRINGS if k.startswith("ws_err_")}
    assert toml == keys   # no refusal left without its words, no words left without a refusal


# -- real refusals, in French and in English ---------------------------------------------------
@pytest.fixture(scope="module")
def empty_file(tmp_path_factory) -> bytes:
    """An empty workspace exported: every table present, each with no row."""
    s = Store(str(tmp_path_factory.mktemp("words") / "empty.duckdb"))
    data = workspace.export_workspace(s)
    s.close()
    return data


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i.filename) for i in archive.infolist()}


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, raw in members.items():
            archive.writestr(name, raw)
    return out.getvalue()


def with_manifest(data: bytes, change) -> bytes:
    members = members_of(data)
    manifest = json.loads(members[workspace.MANIFEST])
    change(manifest)
    members[workspace.MANIFEST] = json.dumps(manifest).encode()
    return zipped(members)


def with_table(data: bytes, name: str, table: pa.Table) -> bytes:
    """The file with table NAME replaced, its manifest entry kept true (a forged file)."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    raw = sink.getvalue().to_pybytes()
    members = members_of(data)
    members[name + workspace.SUFFIX] = raw
    manifest = json.loads(members[workspace.MANIFEST])
    manifest["tables"][name] = {"rows": table.num_rows, "sha256": hashlib.sha256(raw).hexdigest()}
    members[workspace.MANIFEST] = json.dumps(manifest).encode()
    return zipped(members)


def refusal(store, data: bytes) -> workspace.WorkspaceError:
    with pytest.raises(workspace.WorkspaceError) as caught:
        workspace.read_workspace(store, data)
    return caught.value


def assert_worded(exc: workspace.WorkspaceError, en: str, fr: str) -> None:
    assert isinstance(exc.args[0], Message) and exc.args[0].code.startswith("ws_err_")
    assert str(exc) == en                  # the command line's text, unchanged
    assert say_error(exc, "en") == en
    assert say_error(exc, "fr") == fr


def test_not_a_zip(store):
    assert_worded(refusal(store, b"site_traffic,1,2\n"),
                  "not a Balise workspace file: it is not a zip archive (File is not a zip file)",
                  "ce n'est pas un fichier d'espace de travail Balise : le fichier n'est pas une archive "
                  "zip (File is not a zip file)")


def test_a_zip_without_the_manifest(store):
    assert_worded(refusal(store, zipped({"site_traffic.csv": b"a,b\n"})),
                  "not a Balise workspace file: manifest.json is missing (export the workspace again "
                  "from the Data page)",
                  "ce n'est pas un fichier d'espace de travail Balise : manifest.json est absent "
                  "(exportez à nouveau l'espace de travail depuis la page Données)")


def test_a_manifest_of_another_format_version(store, empty_file):
    data = with_manifest(empty_file, lambda m: m.__setitem__("format_version", "2"))
    assert_worded(refusal(store, data),
                  "workspace file format '2' is not supported (this version of Balise reads format 1)",
                  "le format de fichier d'espace de travail '2' n'est pas pris en charge (cette version "
                  "de Balise lit le format 1)")


def test_a_newer_schema_keeps_its_versions_bare(store, empty_file):
    current = store.schema_version()
    data = with_manifest(empty_file, lambda m: m.__setitem__("schema_version", 12345))
    assert_worded(refusal(store, data),
                  f"the workspace file comes from a newer Balise (schema 12345, this one has {current}): "
                  "update Balise, then import it",
                  f"le fichier d'espace de travail vient d'une version plus récente de Balise (schéma 12345, "
                  f"celle-ci en est au schéma {current}) : mettez Balise à jour, puis importez-le")


def test_an_unknown_table_is_quoted_in_each_language(store, empty_file):
    def forge(manifest):
        manifest["tables"]["users; DROP TABLE loads"] = {"rows": 0, "sha256": "0" * 64}
    assert_worded(refusal(store, with_manifest(empty_file, forge)),
                  "manifest.json lists an unknown table 'users; DROP TABLE loads': refused",
                  "manifest.json liste une table inconnue « users; DROP TABLE loads » : refusé")


def test_control_characters_stay_escaped(store, empty_file):
    def forge(manifest):
        manifest["tables"]["bad\nname"] = {"rows": 0, "sha256": "0" * 64}
    exc = refusal(store, with_manifest(empty_file, forge))
    assert str(exc) == "manifest.json lists an unknown table 'bad\\nname': refused"
    assert "\n" not in say_error(exc, "fr") and "« bad\\nname »" in say_error(exc, "fr")


def test_unexpected_and_missing_members_count_them(store, empty_file):
    members = members_of(empty_file)
    two = zipped({**members, "evil.sh": b"rm -rf /", "other.txt": b"x"})
    assert_worded(refusal(store, two),
                  "unexpected files in the workspace file: evil.sh, other.txt; only manifest.json and "
                  "the Parquet files it lists are accepted",
                  "fichiers inattendus dans le fichier d'espace de travail : evil.sh, other.txt ; seuls "
                  "manifest.json et les fichiers Parquet qu'il liste sont acceptés")
    one = zipped({k: v for k, v in members.items() if k != "loads.parquet"})
    assert_worded(refusal(store, one), "a file listed in manifest.json is missing: loads.parquet",
                  "un fichier listé dans manifest.json est absent : loads.parquet")


def test_a_row_count_that_does_not_match(store, empty_file):
    def forge(manifest):
        manifest["tables"]["settings"]["rows"] = 12345
    assert_worded(refusal(store, with_manifest(empty_file, forge)),
                  "settings.parquet holds 0 rows, manifest.json says 12345: refused",
                  "settings.parquet : le nombre de lignes (0) ne correspond pas à celui qu'annonce "
                  "manifest.json (12345) : refusé")


def test_a_forged_value(store, empty_file):
    loads = pa.table({"load_id": [1], "tables": ["orders; DROP TABLE leads"], "status": ["loaded"]})
    assert_worded(refusal(store, with_table(empty_file, "loads", loads)),
                  "loads.parquet, row 1: the load log names an unknown table 'orders; DROP TABLE leads': refused",
                  "loads.parquet, ligne 1 : le journal des chargements nomme une table inconnue "
                  "« orders; DROP TABLE leads » : refusé")
    rules = pa.table({"scope": ["[1, 2]"]})
    assert_worded(refusal(store, with_table(empty_file, "alert_rules", rules)),
                  "alert_rules.parquet, row 1, scope: a dict is expected: refused",
                  "alert_rules.parquet, ligne 1, scope : un objet JSON est attendu : refusé")


def test_the_size_budget_words_its_numbers(store, empty_file, monkeypatch):
    monkeypatch.setattr(workspace, "MAX_IMPORT_ROWS", 12_000)
    monkeypatch.setattr(workspace, "MAX_IMPORT_BYTES", 100)
    assert_worded(refusal(store, empty_file),
                  "the workspace file unpacks to more than 0 MB or 12,000 rows: refused",
                  "le fichier d'espace de travail dépasse 0 Mo ou 12\u202f000 lignes une fois décompressé : refusé")


def bogus_settings(data: bytes) -> bytes:
    """A settings table with a column the schema lacks: read fine, refused inside the import."""
    return with_table(data, "settings", pa.table({"name": ["x"], "value": ["y"], "bogus": [1]}))


def test_a_table_that_does_not_fit_wraps_the_database_s_words(store, empty_file):
    with pytest.raises(workspace.WorkspaceError) as caught:
        workspace.import_workspace(store, bogus_settings(empty_file))
    exc = caught.value
    english = str(exc)
    assert english.startswith("the workspace file does not fit this workspace, nothing was changed (")
    detail = english.removeprefix("the workspace file does not fit this workspace, nothing was changed ")
    assert say_error(exc, "fr") == ("le fichier d'espace de travail ne correspond pas à cet espace de travail, "
                                    f"rien n'a été modifié {detail}")


def test_a_refusal_survives_a_copy():
    """The page keeps a refusal in its session: the Message keeps its key and values."""
    import copy
    import pickle

    exc = workspace._too_big()
    again = pickle.loads(pickle.dumps(exc.args[0]))
    assert isinstance(again, Message) and again.code == "ws_err_too_big"
    assert say_error(workspace.WorkspaceError(copy.copy(again)), "fr").startswith("le fichier d'espace")


# -- the French page ------------------------------------------------------------------------------
def _warnings(at) -> str:
    return "\n".join(str(w.value) for w in at.warning)


@pytest.fixture
def target(empty_db, tmp_path) -> str:
    path = str(tmp_path / "target.duckdb")
    shutil.copy(empty_db, path)
    return path


def test_the_french_page_says_why_a_file_is_refused_in_french(app_test, target):
    at = app_test(target, "fr", "pages/data.py")
    assert_clean(at)
    at.toggle(key="ws_import_open").set_value(True).run()
    # a zip the upload gate lets through, without a manifest: refused by the workspace check
    at.file_uploader(key="ws_import_0").set_value(
        [("ws.zip", zipped({"site_traffic.csv": b"date,sessions\n2025-01-01,3\n"}), "application/zip")]).run()
    assert_clean(at)
    shown = _warnings(at)
    assert ("Fichier refusé, rien n'a été modifié : ce n'est pas un fichier d'espace de travail Balise : "
            "manifest.json est absent (exportez à nouveau l'espace de travail depuis la page Données)") in shown
    assert "manifest.json is missing" not in shown


def test_the_french_page_words_the_upload_gate_in_french(app_test, target):
    at = app_test(target, "fr", "pages/data.py")
    at.toggle(key="ws_import_open").set_value(True).run()
    at.file_uploader(key="ws_import_0").set_value([("x.zip", b"PK not really", "application/zip")]).run()
    assert_clean(at)
    shown = _warnings(at)
    assert "Fichier refusé" in shown and "ce n'est pas une archive zip" in shown
    assert "this is not a zip archive" not in shown


def test_the_french_page_words_a_refusal_at_import_in_french(app_test, target, empty_file):
    at = app_test(target, "fr", "pages/data.py")
    at.toggle(key="ws_import_open").set_value(True).run()
    at.file_uploader(key="ws_import_0").set_value(
        [("ws.zip", bogus_settings(empty_file), "application/zip")]).run()
    assert_clean(at)
    next(c for c in at.checkbox if c.label.startswith("Je comprends")).check().run()
    at.button(key="ws_import_go").click().run()
    assert_clean(at)
    shown = _warnings(at)
    assert "Fichier refusé, rien n'a été modifié : le fichier d'espace de travail ne correspond pas à cet " \
           "espace de travail, rien n'a été modifié" in shown
    assert "does not fit" not in shown
