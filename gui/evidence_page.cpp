#include "gui/evidence_page.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <map>
#include <set>

#include "gui/status_style.h"

namespace amtdiag::gui {

namespace {

bool is_log_kind(const std::string& kind) {
    return kind.ends_with("-log");
}

}  // namespace

EvidencePage::EvidencePage(QWidget* parent) : QWidget(parent) {
    setAcceptDrops(true);
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(
        tr("<h2>Evidence</h2><p>Add the ConfigMgr logs (AMTOPMGR.LOG, amtproxymgr.log, "
           "oobmgmt.log…), captures, certificates and probe records of the deployment: files, "
           "folders, or drop them here.</p>"),
        this);
    title->setWordWrap(true);
    layout->addWidget(title);
    auto* buttons = new QHBoxLayout;
    auto* add_files = new QPushButton(tr("Add &files…"), this);
    auto* add_folder = new QPushButton(tr("Add f&older…"), this);
    auto* remove = new QPushButton(tr("&Remove"), this);
    auto* analyse = new QPushButton(tr("&Analyse"), this);
    analyse->setObjectName(QStringLiteral("analyse"));
    analyse->setDefault(true);
    buttons->addWidget(add_files);
    buttons->addWidget(add_folder);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(analyse);
    layout->addLayout(buttons);

    list_ = new QTreeWidget(this);
    list_->setObjectName(QStringLiteral("artifacts"));
    list_->setHeaderLabels({tr("File"), tr("Kind"), tr("Read"), tr("Detail")});
    list_->setRootIsDecorated(false);
    list_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    list_->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    list_->setColumnWidth(0, 380);
    list_->setColumnWidth(1, 140);
    list_->setColumnWidth(2, 80);
    layout->addWidget(list_, 1);
    hint_ = new QLabel(this);
    hint_->setObjectName(QStringLiteral("needsHint"));
    hint_->setWordWrap(true);
    hint_->setTextFormat(Qt::RichText);
    layout->addWidget(hint_);

    connect(add_files, &QPushButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add evidence files"));
        if (!files.isEmpty()) emit inputsAdded(files);
    });
    connect(add_folder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Add an evidence folder"));
        if (!dir.isEmpty()) emit inputsAdded({dir});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        QStringList paths;
        for (auto* item : list_->selectedItems())
            paths << item->data(0, Qt::UserRole + 1).toString();
        if (!paths.isEmpty()) emit inputsRemoved(paths);
    });
    connect(analyse, &QPushButton::clicked, this, &EvidencePage::analyseRequested);
    connect(list_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        if (item->data(0, Qt::UserRole + 2).toBool())
            emit openLog(item->data(0, Qt::UserRole).toString());
    });
}

void EvidencePage::refresh(const Session& session) {
    list_->clear();
    const model::Analysis* analysis = session.analysis.get();
    // Which input each artifact came from, so "Remove" removes what the user added.
    auto input_of = [&](const QString& path) {
        for (const QString& input : session.inputs)
            if (path == input || path.startsWith(input + QLatin1Char('/'))) return input;
        return path;
    };
    if (analysis == nullptr || analysis->artifacts.empty()) {
        for (const QString& input : session.inputs) {
            auto* item = new QTreeWidgetItem(list_, {input, tr("—"), tr("not yet"), QString()});
            item->setData(0, Qt::UserRole, input);
            item->setData(0, Qt::UserRole + 1, input);
        }
    } else {
        for (const auto& a : analysis->artifacts) {
            const QString path = QString::fromStdString(a.path);
            const bool ok = a.status == model::ReadStatus::ok;
            auto* item = new QTreeWidgetItem(
                list_, {path, QString::fromStdString(a.kind), ok ? tr("ok") : tr("error"),
                        QString::fromStdString(ok ? a.detail : a.error)});
            item->setIcon(2, status_icon(ok ? model::Status::pass : model::Status::fail));
            item->setData(0, Qt::UserRole, path);
            item->setData(0, Qt::UserRole + 1, input_of(path));
            item->setData(0, Qt::UserRole + 2, ok && is_log_kind(a.kind));
            if (ok && is_log_kind(a.kind))
                item->setToolTip(0, tr("Double-click or Enter: open in the log viewer"));
            if (!a.notes.empty()) {
                QStringList notes;
                for (const auto& n : a.notes) notes << QString::fromStdString(n);
                item->setToolTip(3, notes.join(QLatin1Char('\n')));
            }
        }
    }
    // The artifacts that would decide what is still unknown, most useful first. Kinds already
    // given are named apart: those checks wait for lines the given files do not hold.
    std::map<std::string, int> needs;
    std::set<std::string> given;
    int waiting_on_given = 0;
    if (analysis != nullptr) {
        for (const auto& a : analysis->artifacts) {
            if (a.status != model::ReadStatus::ok) continue;
            given.insert(a.kind);
            given.insert(a.provides.begin(), a.provides.end());
        }
        for (const auto& f : analysis->findings) {
            if (f.status != model::Status::unknown || f.needs.empty()) continue;
            bool missing_kind = false;
            for (const auto& kind : f.needs)
                if (given.count(kind) == 0) {
                    ++needs[kind];
                    missing_kind = true;
                }
            if (!missing_kind) ++waiting_on_given;
        }
    }
    if (analysis == nullptr) {
        hint_->setText(tr("Press <b>Analyse</b> (Ctrl+R) when the evidence is listed."));
    } else if (needs.empty() && waiting_on_given == 0) {
        hint_->setText(tr("No check waits for another kind of artifact."));
    } else {
        std::vector<std::pair<int, std::string>> ranked;
        for (const auto& [kind, count] : needs) ranked.emplace_back(-count, kind);
        std::sort(ranked.begin(), ranked.end());
        QStringList parts;
        for (const auto& [minus, kind] : ranked)
            parts << QStringLiteral("<b>%1</b> (%2)")
                         .arg(QString::fromStdString(kind).toHtmlEscaped(),
                              -minus == 1 ? tr("1 check") : tr("%1 checks").arg(-minus));
        QString text;
        if (!parts.isEmpty())
            text = tr("Still unknown for lack of evidence; adding these would decide them: ") +
                   parts.join(QStringLiteral(", ")) + QStringLiteral(". ");
        if (waiting_on_given > 0)
            text += tr("%1 more wait for lines the artifacts given do not hold (a longer log, "
                       "another day's log).")
                        .arg(waiting_on_given);
        hint_->setText(text);
    }
}

QString EvidencePage::hintText() const {
    return hint_->text();
}

void EvidencePage::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void EvidencePage::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (!paths.isEmpty()) {
        emit inputsAdded(paths);
        event->acceptProposedAction();
    }
}

}  // namespace amtdiag::gui
