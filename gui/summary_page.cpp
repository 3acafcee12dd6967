#include "gui/summary_page.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <map>

#include "analyzer/report/exit_code.h"
#include "gui/status_style.h"

namespace amtdiag::gui {

SummaryPage::SummaryPage(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("<h2>Summary</h2>"), this);
    headline_ = new QLabel(this);
    headline_->setObjectName(QStringLiteral("headline"));
    headline_->setWordWrap(true);
    headline_->setTextFormat(Qt::RichText);
    counts_ = new QLabel(this);
    layout->addWidget(title);
    layout->addWidget(headline_);
    layout->addWidget(counts_);

    stages_ = new QTreeWidget(this);
    stages_->setObjectName(QStringLiteral("summaryStages"));
    stages_->setHeaderLabels({tr("Stage"), tr("Verdict"), tr("Checks")});
    stages_->setRootIsDecorated(false);
    stages_->setColumnWidth(0, 420);
    stages_->setColumnWidth(1, 90);
    layout->addWidget(stages_, 2);
    devices_ = new QTreeWidget(this);
    devices_->setHeaderLabels(
        {tr("Device"), tr("Mode"), tr("First failing stage"), tr("Attempts")});
    devices_->setRootIsDecorated(false);
    devices_->setColumnWidth(0, 320);
    layout->addWidget(devices_, 1);

    auto* exports = new QHBoxLayout;
    exports->addWidget(new QLabel(tr("Export:"), this));
    const std::pair<report::Format, QString> formats[] = {
        {report::Format::html, tr("&HTML report…")},
        {report::Format::json, tr("&JSON…")},
        {report::Format::junit, tr("J&Unit XML…")},
        {report::Format::sarif, tr("&SARIF…")}};
    for (const auto& [format, label] : formats) {
        auto* b = new QPushButton(label, this);
        const auto name = report::to_string(format);
        b->setObjectName(QStringLiteral("export-") +
                         QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size())));
        connect(b, &QPushButton::clicked, this, [this, f = format] { emit exportRequested(f); });
        exports->addWidget(b);
    }
    auto* answers = new QPushButton(tr("A&nswers file…"), this);
    connect(answers, &QPushButton::clicked, this, &SummaryPage::exportAnswersRequested);
    exports->addWidget(answers);
    exports->addStretch(1);
    layout->addLayout(exports);

    connect(stages_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        if (const int stage = item->data(0, Qt::UserRole).toInt(); stage > 0)
            emit stageActivated(stage);
    });
}

void SummaryPage::refresh(const Session& session) {
    stages_->clear();
    devices_->clear();
    const model::Analysis* analysis = session.analysis.get();
    if (analysis == nullptr) {
        headline_->setText(tr("Not analysed yet: add evidence and press Analyse."));
        counts_->clear();
        return;
    }
    if (report::readable_artifacts(*analysis) == 0) {
        // As `amtdiag check` says it: a table of unknowns would only hide the read errors.
        headline_->setText(tr("<h3 style='color:%1'>None of the inputs could be read.</h3>"
                              "<p>The evidence page says why for each file.</p>")
                               .arg(status_color(model::Status::fail).name()));
    } else if (analysis->first_failing_stage) {
        const int stage = *analysis->first_failing_stage;
        QString title;
        for (const auto& v : analysis->stages)
            if (v.stage == stage) title = QString::fromStdString(v.title);
        headline_->setText(tr("<h3 style='color:%1'>First failing stage: %2 — %3</h3>"
                              "<p>Work here first: later stages cannot succeed before it does. "
                              "Enter on a stage opens it.</p>")
                               .arg(status_color(model::Status::fail).name())
                               .arg(stage)
                               .arg(title.toHtmlEscaped()));
    } else {
        headline_->setText(tr("<h3 style='color:%1'>No stage fails.</h3>")
                               .arg(status_color(model::Status::pass).name()));
    }
    std::map<model::Status, int> totals;
    std::map<int, std::map<model::Status, int>> per_stage;
    for (const auto& f : analysis->findings) {
        ++totals[f.status];
        for (const int s : f.stages) ++per_stage[s][f.status];
    }
    auto describe = [](const std::map<model::Status, int>& counts) {
        QStringList parts;
        for (const auto& [status, n] : counts)
            parts << QStringLiteral("%1 %2").arg(n).arg(status_word(status));
        return parts.join(QStringLiteral(", "));
    };
    counts_->setText(tr("%1 findings: %2").arg(analysis->findings.size()).arg(describe(totals)));
    QTreeWidgetItem* first = nullptr;
    for (const auto& v : analysis->stages) {
        if (v.stage < 1) continue;
        auto* item = new QTreeWidgetItem(
            stages_, {tr("%1. %2").arg(v.stage).arg(QString::fromStdString(v.title)),
                      status_word(v.status), describe(per_stage[v.stage])});
        item->setIcon(0, status_icon(v.status));
        item->setData(0, Qt::UserRole, v.stage);
        if (analysis->first_failing_stage == v.stage) {
            QFont bold = item->font(0);
            bold.setBold(true);
            item->setFont(0, bold);
            first = item;
        }
    }
    if (first != nullptr) stages_->setCurrentItem(first);
    for (const auto& d : analysis->devices) {
        auto* item = new QTreeWidgetItem(
            devices_, {QString::fromStdString(d.id), QString::fromStdString(d.mode),
                       d.first_failing_stage ? QString::number(*d.first_failing_stage) : tr("none"),
                       QString::number(d.attempts_total)});
        item->setIcon(
            0, status_icon(d.first_failing_stage ? model::Status::fail : model::Status::pass));
    }
}

QString SummaryPage::headline() const {
    return headline_->text();
}

}  // namespace amtdiag::gui
