"""`sync_library` and the `flask content` commands on a real database (SQLite, or PostgreSQL
when DATABASE_URL is set): all or nothing, versions kept for stored attempts, and clear output."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml

from awareness.content.loader import load_library
from awareness.content.models import BankQuestion, Lesson, Module, ModuleQuestion, StaffTopic
from awareness.content.sync import InvalidContentError, SyncSummary, sync_library
from awareness.extensions import db
from awareness.learning.grading import grade
from awareness.learning.services import catalogue, current_module, latest_result, submit_quiz
from tests.support.content import balance_quizzes, write_module

MODULES = ["basiskennis-informatieveiligheid", "jong-een", "ondernemer-een", "senior-een"]
BANK = ["phishing-001", "phishing-002", "phishing-003",
        "wachtwoorden-001", "wachtwoorden-002", "wachtwoorden-003"]


def sync(content_dir: Path) -> SyncSummary:
    return sync_library(*load_library(content_dir))


def count(model: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def snapshot() -> dict[str, Any]:
    """Everything sync may write, in a form two calls can compare."""
    db.session.expire_all()
    return {
        "modules": sorted(db.session.execute(sa.select(
            Module.slug, Module.version, Module.is_current, Module.content_hash)).all()),
        "lessons": sorted(db.session.execute(sa.select(
            Lesson.module_id, Lesson.position, Lesson.body_html)).all()),
        "questions": count(ModuleQuestion),
        "topics": sorted(db.session.execute(sa.select(
            StaffTopic.slug, StaffTopic.title, StaffTopic.position)).all()),
        "bank": sorted(db.session.execute(sa.select(
            BankQuestion.key, BankQuestion.text, BankQuestion.content_hash,
            BankQuestion.retired)).all()),
    }


def module_rows(slug: str) -> list[Module]:
    return list(db.session.scalars(sa.select(Module).filter_by(slug=slug).order_by(Module.version)))


def edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def youth_lesson(content_dir: Path, n: int = 1) -> Path:
    return content_dir / "modules" / "youth" / "jong-een" / "lessons" / f"0{n}-les-{n}.md"


# --- sync_library ----------------------------------------------------------------------------

def test_sync_into_an_empty_database_adds_everything(app, content_dir: Path) -> None:
    summary = sync(content_dir)
    assert sorted(summary.added) == sorted(MODULES + BANK)
    assert (summary.updated, summary.unchanged, summary.retired) == ([], [], [])
    modules = db.session.scalars(sa.select(Module)).all()
    assert sorted((m.slug, m.version, m.is_current) for m in modules) == [
        (slug, 1, True) for slug in MODULES]
    assert (count(Lesson), count(ModuleQuestion)) == (3 + 3 + 3 + 5, 4 * 6)
    youth = current_module("jong-een", ["youth"])
    assert youth.title == {"nl": "Module jong-een", "en": "Module jong-een (en)"}
    assert [lesson.title for lesson in youth.lessons] == ["Les 1", "Les 2", "Les 3"]
    assert youth.questions[1].kind == "multiple"
    assert youth.questions[0].options[0] == {
        "key": "a", "text": {"nl": "Goed antwoord"}, "correct": True, "feedback": None}
    assert [t.slug for t in db.session.scalars(sa.select(StaffTopic).order_by(
        StaffTopic.position))] == ["phishing", "wachtwoorden"]
    question = db.session.scalar(sa.select(BankQuestion).filter_by(key="phishing-001"))
    assert (question.topic, question.correct_key, question.retired) == ("phishing", "a", False)
    assert question.options[1] == {"key": "b", "text": "Nee", "correct": False}


def test_a_second_sync_changes_nothing(synced, content_dir: Path) -> None:
    before = snapshot()
    summary = sync(content_dir)
    assert sorted(summary.unchanged) == sorted(MODULES + BANK)
    assert (summary.added, summary.updated, summary.retired) == ([], [], [])
    assert snapshot() == before


def test_a_changed_lesson_adds_version_2_and_keeps_version_1(synced, content_dir: Path) -> None:
    lesson = youth_lesson(content_dir, 2)
    lesson.write_text("# Les 2, nieuw\n\nNieuwe tekst.\n")
    summary = sync(content_dir)
    assert summary.updated == ["jong-een"]
    assert "senior-een" in summary.unchanged
    old, new = module_rows("jong-een")
    assert (old.version, old.is_current, new.version, new.is_current) == (1, False, 2, True)
    assert old.lessons[1].title == "Les 2" and "Dit is een korte les." in old.lessons[1].body_html
    assert new.lessons[1].title == "Les 2, nieuw" and "Nieuwe tekst." in new.lessons[1].body_html
    assert len(old.questions) == len(new.questions) == 6
    assert current_module("jong-een", ["youth"]).id == new.id
    assert [m.version for m in catalogue("youth")] == [2]


def test_an_attempt_on_version_1_is_still_graded_against_version_1(
    synced, content_dir: Path
) -> None:
    v1 = current_module("jong-een", ["youth"])
    right = {q.key: [o["key"] for o in q.options if o["correct"]] for q in v1.questions}
    submit_quiz("learner-1", v1, right, None)

    def move_the_right_answer(quiz: dict[str, Any]) -> None:  # q1: "a" was right, now "b" is
        options = quiz["questions"][0]["options"]
        options[0]["correct"], options[1]["correct"] = False, True
    edit_yaml(content_dir / "modules/youth/jong-een/quiz.yaml", move_the_right_answer)
    assert sync(content_dir).updated == ["jong-een"]

    v2 = current_module("jong-een", ["youth"])
    assert v2.version == 2
    latest = latest_result("learner-1", v2)
    assert latest is not None
    attempt, result = latest
    assert attempt.module_version == 1
    assert (result.score, result.max_score) == (6, 6)
    assert {r.question.module_id for r in result.questions} == {v1.id}
    assert grade(v2.questions, attempt.answers).score == 5  # what v2 would have said


def test_a_removed_module_stops_being_current_and_can_come_back(synced, content_dir: Path):
    write_module(content_dir, "youth", "extra")
    assert sync(content_dir).added == ["extra"]
    shutil.rmtree(content_dir / "modules" / "youth" / "extra")
    summary = sync(content_dir)
    assert summary.retired == ["extra"]
    [row] = module_rows("extra")
    assert (row.version, row.is_current, len(row.lessons)) == (1, False, 3)
    assert [m.slug for m in catalogue("youth")] == ["jong-een"]

    write_module(content_dir, "youth", "extra")
    assert sync(content_dir).added == ["extra"]
    assert [(m.version, m.is_current) for m in module_rows("extra")] == [(1, False), (2, True)]


def test_invalid_content_changes_nothing_at_all(synced, content_dir: Path) -> None:
    before = snapshot()
    youth_lesson(content_dir).write_text("# Les 1\n\nEen geldige wijziging.\n")
    edit_yaml(content_dir / "staff-quiz/phishing.yaml",
              lambda d: d["questions"][0].update(text="Een geldige nieuwe vraag?"))
    write_module(content_dir, "seniors", "nieuw")
    broken = content_dir / "modules/entrepreneurs/ondernemer-een/quiz.yaml"
    broken.write_text("questions: [\n")
    library, problems = load_library(content_dir)
    assert [p.path for p in problems] == [str(broken)]
    with pytest.raises(InvalidContentError) as raised:
        sync_library(library, problems)
    assert raised.value.problems == problems
    assert snapshot() == before


def test_invalid_content_writes_nothing_into_an_empty_database(app, content_dir: Path) -> None:
    (content_dir / "staff-quiz/topics.yaml").unlink()
    with pytest.raises(InvalidContentError):
        sync(content_dir)
    assert [count(m) for m in (Module, Lesson, ModuleQuestion, StaffTopic, BankQuestion)] == [
        0, 0, 0, 0, 0]


def test_a_failure_halfway_rolls_back_everything(synced, content_dir: Path) -> None:
    before = snapshot()
    for n in (1, 2):
        youth_lesson(content_dir, n).write_text(f"# Les {n}\n\nNieuw.\n")
    (content_dir / "modules/seniors/senior-een/help.md").write_text("Bel 112.\n")
    edit_yaml(content_dir / "staff-quiz/phishing.yaml",
              lambda d: d["questions"][0].update(text="Nieuwe vraag?"))

    def crash_after_two(items):
        for n, item in enumerate(items):
            if n == 2:
                raise RuntimeError("the machine stops here")
            yield item
    with pytest.raises(RuntimeError):
        sync_library(*load_library(content_dir), progress=crash_after_two)
    assert snapshot() == before
    assert sorted(sync(content_dir).updated) == ["jong-een", "phishing-001", "senior-een"]


def test_a_changed_bank_question_is_updated_in_place(synced, content_dir: Path) -> None:
    row_id = db.session.scalar(sa.select(BankQuestion.id).filter_by(key="phishing-002"))

    def change(data: dict[str, Any]) -> None:
        question = data["questions"][1]
        question["text"] = "Wat doe je met een verdachte mail?"
        question["options"][0]["correct"], question["options"][2]["correct"] = False, True
    edit_yaml(content_dir / "staff-quiz/phishing.yaml", change)
    summary = sync(content_dir)
    assert summary.updated == ["phishing-002"]
    assert len(summary.unchanged) == len(MODULES) + len(BANK) - 1
    row = db.session.scalar(sa.select(BankQuestion).filter_by(key="phishing-002"))
    assert (row.id, row.text, row.correct_key) == (
        row_id, "Wat doe je met een verdachte mail?", "c")
    assert count(BankQuestion) == len(BANK)


def test_a_removed_bank_question_is_retired_and_can_come_back(synced, content_dir: Path):
    path = content_dir / "staff-quiz/wachtwoorden.yaml"
    original = path.read_text(encoding="utf-8")
    edit_yaml(path, lambda d: d["questions"].pop())
    assert sync(content_dir).retired == ["wachtwoorden-003"]
    row = db.session.scalar(sa.select(BankQuestion).filter_by(key="wachtwoorden-003"))
    assert row.retired is True
    assert count(BankQuestion) == len(BANK)

    path.write_text(original, encoding="utf-8")
    assert sync(content_dir).updated == ["wachtwoorden-003"]
    db.session.refresh(row)
    assert row.retired is False


def test_a_renamed_topic_title_is_updated(synced, content_dir: Path) -> None:
    edit_yaml(content_dir / "staff-quiz/topics.yaml",
              lambda d: d["topics"][0].update(title="Phishing melden"))
    sync(content_dir)
    assert db.session.get(StaffTopic, "phishing").title == "Phishing melden"


# --- flask content check / sync --------------------------------------------------------------

def test_content_check_says_ok_on_valid_content(runner, content_dir: Path) -> None:
    balance_quizzes(content_dir)  # the plain fixture breaks the quiz-design rules
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert "Content OK: 4 modules, 6 bank questions in 2 topics." in result.stdout
    assert count(Module) == 0  # check never writes


def test_content_check_prints_each_problem_as_file_line_message(runner, content_dir: Path):
    balance_quizzes(content_dir)
    meta = content_dir / "modules/youth/jong-een/module.yaml"
    text = meta.read_text()
    meta.write_text(text.replace("minutes: 10", "minutes: tien"))
    line = text.splitlines().index("minutes: 10") + 1
    lesson = youth_lesson(content_dir, 3)
    lesson.write_text("Geen titel\n")
    help_file = content_dir / "modules/seniors/senior-een/help.md"
    help_file.write_text("")

    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{help_file}: file not found or empty",
        f"{meta}:{line}: 'minutes' must be a whole number 1-120",
        f"{lesson}:1: a lesson starts with its title as '# Title'",
        "3 problem(s) found.",
    ]
    assert "Content OK" not in result.output


def test_content_check_takes_another_folder(runner, tmp_path: Path, content_dir: Path) -> None:
    balance_quizzes(content_dir)
    other = tmp_path / "other"
    shutil.copytree(content_dir, other)
    (other / "staff-quiz/phishing.yaml").write_text("topic: spam\nquestions: []\n")
    result = runner.invoke(args=["content", "check", "--dir", str(other)])
    assert result.exit_code == 1
    assert f"{other / 'staff-quiz/phishing.yaml'}:1: unknown topic 'spam'" in result.stderr
    assert runner.invoke(args=["content", "check"]).exit_code == 0


def test_content_sync_loads_everything_and_prints_a_summary(runner) -> None:
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    assert "added 10, updated 0, unchanged 0, retired 0" in result.stdout
    assert (count(Module), count(BankQuestion)) == (4, 6)
    again = runner.invoke(args=["content", "sync"])
    assert "added 0, updated 0, unchanged 10, retired 0" in again.stdout


def test_content_sync_on_broken_content_changes_nothing(runner, content_dir: Path) -> None:
    assert runner.invoke(args=["content", "sync"]).exit_code == 0
    before = snapshot()
    youth_lesson(content_dir).write_text("# Les 1\n\nGewijzigd.\n")
    quiz = content_dir / "modules/seniors/senior-een/quiz.yaml"
    quiz.write_text("questions:\n  - id: q1\n    id: q2\n")

    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 1
    assert f"{quiz}:3: invalid YAML: duplicate key 'id'" in result.stderr
    assert "1 problem(s): nothing was changed." in result.stderr
    assert "added" not in result.stdout
    assert snapshot() == before
