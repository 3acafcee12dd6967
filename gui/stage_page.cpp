#include "gui/stage_page.h"

#include <QButtonGroup>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <optional>

#include "analyzer/engine/answers.h"
#include "gui/status_style.h"

namespace amtdiag::gui {

namespace {

constexpr int kFindingRole = Qt::UserRole;       // index into Analysis::findings
constexpr int kEvidenceRole = Qt::UserRole + 1;  // index into Finding::evidence

// Failures first: the order an engineer works in.
int rank(model::Status s) {
    switch (s) {
        case model::Status::fail:
            return 0;
        case model::Status::warn:
            return 1;
        case model::Status::manual:
            return 2;
        case model::Status::unknown:
            return 3;
        case model::Status::pass:
            return 4;
        case model::Status::skipped:
            return 5;
    }
    return 6;
}

QString q(const std::string& s) {
    return QString::fromStdString(s);
}
QString html(const std::string& s) {
    return q(s).toHtmlEscaped();
}

const char* kAnswerWords[] = {"yes", "no", "n/a", ""};

}  // namespace

StagePage::StagePage(int stage, QWidget* parent) : QWidget(parent), stage_(stage) {
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(this);
    title_->setTextFormat(Qt::RichText);
    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("stageVerdict"));
    verdict_->setWordWrap(true);
    layout->addWidget(title_);
    layout->addWidget(verdict_);

    auto* split = new QSplitter(Qt::Vertical, this);
    findings_ = new QTreeWidget(split);
    findings_->setObjectName(QStringLiteral("findings"));
    findings_->setHeaderLabels({tr("Check"), tr("Status"), tr("Device"), tr("Message")});
    findings_->setColumnWidth(0, 280);
    findings_->setColumnWidth(1, 70);
    findings_->setColumnWidth(2, 160);
    findings_->setAllColumnsShowFocus(true);
    findings_->setUniformRowHeights(true);

    auto* lower = new QWidget(split);
    auto* lower_layout = new QVBoxLayout(lower);
    lower_layout->setContentsMargins(0, 0, 0, 0);
    details_ = new QTextBrowser(lower);
    details_->setObjectName(QStringLiteral("findingDetails"));
    details_->setOpenExternalLinks(true);
    lower_layout->addWidget(details_, 2);

    answer_box_ = new QGroupBox(tr("Your answer (a manual check)"), lower);
    answer_box_->setObjectName(QStringLiteral("answerBox"));
    auto* answer_layout = new QVBoxLayout(answer_box_);
    question_ = new QLabel(answer_box_);
    question_->setWordWrap(true);
    answer_layout->addWidget(question_);
    auto* row = new QHBoxLayout;
    answers_ = new QButtonGroup(this);
    const QString labels[] = {tr("&Yes"), tr("&No"), tr("N/&A"), tr("&Unanswered")};
    for (int i = 0; i < 4; ++i) {
        auto* b = new QRadioButton(labels[i], answer_box_);
        b->setObjectName(QStringLiteral("answer-%1").arg(i));
        answers_->addButton(b, i);
        row->addWidget(b);
    }
    row->addStretch(1);
    answer_layout->addLayout(row);
    note_ = new QLineEdit(answer_box_);
    note_->setObjectName(QStringLiteral("answerNote"));
    note_->setPlaceholderText(tr("Note (shown in the reports and kept in the answers file)"));
    answer_layout->addWidget(note_);
    lower_layout->addWidget(answer_box_);

    auto* evidence_label =
        new QLabel(tr("Evidence (Enter or double-click opens the log there):"), lower);
    lower_layout->addWidget(evidence_label);
    evidence_ = new QTreeWidget(lower);
    evidence_->setObjectName(QStringLiteral("evidence"));
    evidence_->setHeaderLabels({tr("Where"), tr("Time"), tr("Excerpt")});
    evidence_->setRootIsDecorated(false);
    evidence_->setColumnWidth(0, 240);
    evidence_->setColumnWidth(1, 190);
    lower_layout->addWidget(evidence_, 2);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({320, 420});
    layout->addWidget(split, 1);

    connect(findings_, &QTreeWidget::currentItemChanged, this, &StagePage::showDetails);
    connect(answers_, &QButtonGroup::idClicked, this, [this](int id) {
        if (updating_) return;
        answer(kAnswerWords[id]);
    });
    // A note changes nothing until the check is answered; then it goes with the answer.
    connect(note_, &QLineEdit::editingFinished, this, [this] {
        if (updating_ || answers_->checkedId() < 0 || answers_->checkedId() == 3) return;
        const model::Finding* f = current();
        const model::ManualAnswer* given =
            f != nullptr ? session_->answer_for(f->check, f->device) : nullptr;
        if (given != nullptr && given->note != note_->text().toStdString()) answer(given->answer);
    });
    auto open = [this](QTreeWidgetItem* item) {
        const model::Finding* f = current();
        if (f == nullptr || item == nullptr) return;
        const auto& ev = f->evidence[static_cast<size_t>(item->data(0, kEvidenceRole).toInt())];
        emit evidenceActivated(q(ev.ref.artifact), ev.ref.line, ev.ref.packet);
    };
    connect(evidence_, &QTreeWidget::itemActivated, this, open);
    connect(evidence_, &QTreeWidget::itemClicked, this, open);
}

void StagePage::refresh(const Session& session) {
    session_ = &session;
    const auto* rules = session.rules.get();
    const auto* catalog_stage = rules != nullptr ? rules->catalog.stage(stage_) : nullptr;
    const QString title = catalog_stage != nullptr ? q(catalog_stage->title) : QString();
    title_->setText(tr("<h2>Stage %1: %2</h2>").arg(stage_).arg(title.toHtmlEscaped()));

    // Keep the selection across a re-run (an answer re-evaluates everything).
    std::string keep_check, keep_device;
    if (const model::Finding* f = current()) {
        keep_check = f->check;
        keep_device = f->device;
    }
    updating_ = true;
    findings_->clear();
    const model::Analysis* analysis = session.analysis.get();
    if (analysis == nullptr) {
        verdict_->setText(tr("Not analysed yet."));
        updating_ = false;
        showDetails();
        return;
    }
    for (const auto& v : analysis->stages) {
        if (v.stage != stage_) continue;
        QString text = tr("Verdict: <b style='color:%1'>%2</b>")
                           .arg(status_color(v.status).name(), status_word(v.status));
        if (v.implied_by != 0) text += tr(" (implied: stage %1 passes)").arg(v.implied_by);
        if (analysis->first_failing_stage == stage_)
            text += tr(" — <b>the first failing stage: work here first</b>");
        verdict_->setText(text);
    }
    const std::vector<model::Finding>& findings = session.findings;
    std::vector<size_t> shown;
    for (size_t i = 0; i < findings.size(); ++i) {
        const auto& f = findings[i];
        if (std::find(f.stages.begin(), f.stages.end(), stage_) != f.stages.end())
            shown.push_back(i);
    }
    std::stable_sort(shown.begin(), shown.end(), [&](size_t a, size_t b) {
        return rank(findings[a].status) < rank(findings[b].status);
    });
    auto make_item = [&](QTreeWidgetItem* item, size_t i) {
        const auto& f = findings[i];
        item->setText(0, q(f.check));
        item->setIcon(0, status_icon(f.status));
        item->setText(1, status_word(f.status));
        // One finding may stand for every device that got the same undecided verdict.
        item->setText(2, !f.device.empty()       ? q(f.device)
                         : f.for_all_devices > 0 ? tr("(all %1 devices)").arg(f.for_all_devices)
                                                 : tr("(site)"));
        item->setText(3, q(f.message));
        item->setToolTip(3, q(f.message));
        item->setData(0, kFindingRole, static_cast<qulonglong>(i));
    };
    QTreeWidgetItem* select = nullptr;
    for (const size_t i : shown) {
        auto* item = new QTreeWidgetItem(findings_);
        make_item(item, i);
        const auto& f = findings[i];
        // The suspects its error raised, in the order the signature ranks them (likeliest
        // first), each with its own verdict: a passed one is ruled out, the rest remain.
        std::vector<size_t> suspects;
        for (const auto& check : f.suspects) {
            std::optional<size_t> own, site;
            for (size_t j = 0; j < findings.size(); ++j) {
                const auto& s = findings[j];
                if (s.check != check) continue;
                if (s.device == f.device) own = j;
                if (s.device.empty()) site = j;
            }
            if (own || site) suspects.push_back(own ? *own : *site);
        }
        int position = 0;
        for (const size_t j : suspects) {
            const auto& s = findings[j];
            auto* child = new QTreeWidgetItem(item);
            make_item(child, j);
            ++position;
            child->setText(0, (s.status == model::Status::pass ? tr("suspect %1, ruled out: %2")
                                                               : tr("suspect %1: %2"))
                                  .arg(position)
                                  .arg(q(s.check)));
        }
        if (!suspects.empty()) item->setExpanded(true);
        if (f.check == keep_check && f.device == keep_device) select = item;
    }
    if (select == nullptr) select = findings_->topLevelItem(0);
    updating_ = false;
    if (select != nullptr)
        findings_->setCurrentItem(select);
    else
        showDetails();
}

QString StagePage::verdictText() const {
    return verdict_->text();
}

const model::Finding* StagePage::current() const {
    if (session_ == nullptr || !session_->analysis) return nullptr;
    const QTreeWidgetItem* item = findings_->currentItem();
    if (item == nullptr) return nullptr;
    const auto i = static_cast<size_t>(item->data(0, kFindingRole).toULongLong());
    const auto& findings = session_->findings;
    return i < findings.size() ? &findings[i] : nullptr;
}

bool StagePage::selectCheck(const std::string& check, const std::string& device) {
    for (int i = 0; i < findings_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = findings_->topLevelItem(i);
        const auto index = static_cast<size_t>(item->data(0, kFindingRole).toULongLong());
        const auto& f = session_->findings[index];
        if (f.check == check && (device.empty() || f.device == device)) {
            findings_->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

void StagePage::answer(const std::string& value) {
    const model::Finding* f = current();
    if (f == nullptr) return;
    emit answerChanged(f->check, f->device, value, note_->text().toStdString());
}

void StagePage::setNote(const QString& note) {
    note_->setText(note);
    emit note_->editingFinished();
}

void StagePage::showDetails() {
    if (updating_) return;
    evidence_->clear();
    const model::Finding* f = current();
    if (f == nullptr) {
        details_->setHtml(session_ != nullptr && session_->analysis
                              ? tr("<p>No check of this stage applies to the evidence.</p>")
                              : tr("<p>Add evidence and analyse it first.</p>"));
        answer_box_->setVisible(false);
        return;
    }
    const auto* rules = session_->rules.get();
    const auto* check = rules != nullptr ? rules->catalog.find(f->check) : nullptr;
    QString text =
        QStringLiteral("<h3><span style='color:%1'>%2</span> %3</h3>")
            .arg(status_color(f->status).name(), status_word(f->status).toUpper(), html(f->check));
    if (check != nullptr && !check->summary.empty())
        text += QStringLiteral("<p><i>%1</i></p>").arg(html(check->summary));
    text += QStringLiteral("<p>%1</p>").arg(html(f->message));
    if (!f->device.empty()) text += tr("<p><b>Device:</b> %1</p>").arg(html(f->device));
    if (f->for_all_devices > 0)
        text += tr("<p><b>Devices:</b> all %1, with the same verdict.</p>").arg(f->for_all_devices);
    if (!f->fix.empty()) text += tr("<p><b>What to do:</b> %1</p>").arg(html(f->fix));
    if (!f->needs.empty()) {
        QStringList needs;
        for (const auto& n : f->needs) needs << html(n);
        text += tr("<p><b>Would be decided by:</b> %1</p>").arg(needs.join(QStringLiteral(", ")));
    }
    if (!f->suspects.empty()) {
        QStringList s;
        for (const auto& n : f->suspects) s << html(n);
        text += tr("<p><b>Suspected causes</b> (listed under it): %1</p>")
                    .arg(s.join(QStringLiteral(", ")));
    }
    if (f->suspect_rank > 0)
        text += tr("<p>A suspected cause (rank %1) of an error in the evidence.</p>")
                    .arg(f->suspect_rank);
    if (!f->refs.empty()) {
        QStringList refs;
        for (const auto& r : f->refs) {
            const QString ref = q(r);
            refs << (ref.startsWith(QLatin1String("http"))
                         ? QStringLiteral("<a href='%1'>%2</a>").arg(ref, ref.toHtmlEscaped())
                         : ref.toHtmlEscaped());
        }
        text += tr("<p><b>References:</b> %1</p>").arg(refs.join(QStringLiteral("; ")));
    }
    if (!f->rule.empty()) text += tr("<p style='color:gray'>Rule: %1</p>").arg(html(f->rule));
    details_->setHtml(text);

    for (size_t i = 0; i < f->evidence.size(); ++i) {
        const auto& ev = f->evidence[i];
        QString where = q(ev.ref.artifact);
        if (ev.ref.line != 0) where += QStringLiteral(":%1").arg(ev.ref.line);
        if (ev.ref.packet != 0) where += tr(" packet %1").arg(ev.ref.packet);
        auto* item = new QTreeWidgetItem(evidence_, {where, q(ev.time), q(ev.ref.excerpt)});
        item->setData(0, kEvidenceRole, static_cast<int>(i));
        QStringList codes;
        for (const auto& c : ev.codes)
            codes << QStringLiteral("%1 %2 %3: %4")
                         .arg(q(c.code), q(c.family), q(c.name), q(c.meaning));
        item->setToolTip(2, codes.isEmpty() ? q(ev.ref.excerpt) : codes.join(QLatin1Char('\n')));
    }

    // Manual checks, and those the operator already answered, take an answer here.
    const model::ManualAnswer* given = session_->answer_for(f->check, f->device);
    bool questioned = false;
    if (rules != nullptr)
        for (const auto* c : engine::questioned_checks(*rules))
            if (c->id == f->check) questioned = true;
    answer_box_->setVisible(f->status == model::Status::manual || given != nullptr || questioned);
    if (answer_box_->isVisibleTo(this)) {
        question_->setText(check != nullptr && rules != nullptr
                               ? q(engine::question_for(*rules, *check))
                               : tr("Does this hold?"));
        updating_ = true;
        int id = 3;
        if (given != nullptr)
            for (int i = 0; i < 3; ++i)
                if (given->answer == kAnswerWords[i]) id = i;
        answers_->button(id)->setChecked(true);
        note_->setText(given != nullptr ? q(given->note) : QString());
        updating_ = false;
    }
}

}  // namespace amtdiag::gui
