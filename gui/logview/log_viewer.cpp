#include "gui/logview/log_viewer.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "analyzer/engine/error_codes.h"
#include "gui/logview/log_model.h"

namespace amtdiag::gui::logview {

namespace {

QToolButton* tool_button(QWidget* parent, const QString& text, const QString& tip) {
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    return b;
}

}  // namespace

LogViewer::LogViewer(QWidget* parent) : QWidget(parent), model_(new LogModel(this)) {
    setWindowTitle(tr("amtdiag log viewer"));
    auto* layout = new QVBoxLayout(this);

    // Find and navigation.
    auto* bar = new QHBoxLayout;
    auto* open = tool_button(this, tr("Open…"), tr("Add logs to the timeline (Ctrl+O)"));
    open->setShortcut(QKeySequence::Open);
    find_ = new QLineEdit(this);
    find_->setObjectName(QStringLiteral("find"));
    find_->setPlaceholderText(tr("Find (Ctrl+F, F3 next, Shift+F3 previous)"));
    find_->setClearButtonEnabled(true);
    auto* prev_error = tool_button(this, tr("◀ Error"), tr("Previous error (Shift+F8)"));
    auto* next_error = tool_button(this, tr("Error ▶"), tr("Next error (F8)"));
    bar->addWidget(open);
    bar->addWidget(find_, 1);
    bar->addWidget(prev_error);
    bar->addWidget(next_error);
    layout->addLayout(bar);

    // Filter.
    auto* filter = new QHBoxLayout;
    text_filter_ = new QLineEdit(this);
    text_filter_->setObjectName(QStringLiteral("filterText"));
    text_filter_->setPlaceholderText(tr("Filter: text contains"));
    text_filter_->setClearButtonEnabled(true);
    component_filter_ = new QComboBox(this);
    component_filter_->setEditable(true);
    component_filter_->setObjectName(QStringLiteral("filterComponent"));
    component_filter_->lineEdit()->setPlaceholderText(tr("component"));
    component_filter_->setMinimumContentsLength(12);
    thread_filter_ = new QLineEdit(this);
    thread_filter_->setPlaceholderText(tr("thread"));
    thread_filter_->setMaximumWidth(90);
    severity_filter_ = new QComboBox(this);
    severity_filter_->addItem(tr("All lines"), 0);
    severity_filter_->addItem(tr("Warnings and errors"), 2);
    severity_filter_->addItem(tr("Errors"), 3);
    from_on_ = new QCheckBox(tr("from"), this);
    to_on_ = new QCheckBox(tr("to"), this);
    from_ = new QDateTimeEdit(this);
    to_ = new QDateTimeEdit(this);
    for (auto* edit : {from_, to_}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setTimeSpec(Qt::UTC);
        edit->setToolTip(tr("UTC when the log gives its time zone, else the local time written"));
    }
    auto* apply = new QPushButton(tr("Filter"), this);
    apply->setObjectName(QStringLiteral("applyFilter"));
    auto* clear = new QPushButton(tr("Clear"), this);
    filter->addWidget(text_filter_, 2);
    filter->addWidget(component_filter_, 1);
    filter->addWidget(thread_filter_);
    filter->addWidget(severity_filter_);
    filter->addWidget(from_on_);
    filter->addWidget(from_);
    filter->addWidget(to_on_);
    filter->addWidget(to_);
    filter->addWidget(apply);
    filter->addWidget(clear);
    layout->addLayout(filter);

    auto* split = new QSplitter(Qt::Vertical, this);
    table_ = new QTableView(split);
    table_->setObjectName(QStringLiteral("logTable"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setWordWrap(false);
    table_->setShowGrid(false);
    table_->setAlternatingRowColors(false);
    // Fixed row heights and column widths: the view never measures millions of rows.
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnWidth(LogModel::kText, 560);
    table_->setColumnWidth(LogModel::kComponent, 130);
    table_->setColumnWidth(LogModel::kLocalTime, 200);
    table_->setColumnWidth(LogModel::kUtcTime, 180);
    table_->setColumnWidth(LogModel::kThread, 100);
    details_ = new QPlainTextEdit(split);
    details_->setReadOnly(true);
    details_->setObjectName(QStringLiteral("logDetails"));
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("logStatus"));
    layout->addWidget(status_);

    auto shortcut = [this](const QKeySequence& key, auto&& fn) {
        auto* a = new QAction(this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, fn);
        addAction(a);
    };
    shortcut(QKeySequence::Find, [this] {
        find_->setFocus();
        find_->selectAll();
    });
    shortcut(QKeySequence(Qt::Key_F3), [this] { findNext(true); });
    shortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), [this] { findNext(false); });
    shortcut(QKeySequence(Qt::Key_F8), [this] { gotoError(true); });
    shortcut(QKeySequence(Qt::SHIFT | Qt::Key_F8), [this] { gotoError(false); });

    connect(open, &QToolButton::clicked, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Open logs"), {}, tr("Logs (*.log *.lo_ *.txt);;All files (*)"));
        if (!files.isEmpty()) openFiles(files);
    });
    connect(find_, &QLineEdit::returnPressed, this, [this] { findNext(true); });
    connect(prev_error, &QToolButton::clicked, this, [this] { gotoError(false); });
    connect(next_error, &QToolButton::clicked, this, [this] { gotoError(true); });
    connect(apply, &QPushButton::clicked, this, &LogViewer::filterFromFields);
    connect(text_filter_, &QLineEdit::returnPressed, this, &LogViewer::filterFromFields);
    connect(thread_filter_, &QLineEdit::returnPressed, this, &LogViewer::filterFromFields);
    connect(clear, &QPushButton::clicked, this, &LogViewer::clearFilter);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LogViewer::updateDetails);
    // The record shown stays selected when the rows change under it (a filter, a merge).
    connect(model_, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const int row = currentRow();
        kept_ = row >= 0 ? std::optional<RowRef>(model_->rowRef(row)) : std::nullopt;
    });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        if (!kept_ || pending_) return;
        if (const int row = model_->rowOf(*kept_); row >= 0) selectRow(row);
    });
    connect(model_, &LogModel::timelineMerged, this, [this] {
        tryPendingLine();
        updateStatus();
    });
    connect(model_, &LogModel::indexingProgress, this, [this] {
        tryPendingLine();
        updateStatus();
    });
    connect(model_, &LogModel::indexingFinished, this, [this] {
        // Offer the components seen, for the filter.
        QSet<QString> seen;
        for (size_t s = 0; s < model_->sourceCount(); ++s)
            for (const QString& c : model_->source(s).components())
                if (!c.isEmpty()) seen.insert(c);
        QStringList names(seen.begin(), seen.end());
        names.sort(Qt::CaseInsensitive);
        const QString current = component_filter_->currentText();
        component_filter_->clear();
        component_filter_->addItem(QString());
        component_filter_->addItems(names);
        component_filter_->setEditText(current);
        // The time range offered is the span of the logs, so a range is a small edit away.
        int64_t first = 0, last = 0;
        bool any = false;
        for (size_t s = 0; s < model_->sourceCount(); ++s) {
            const auto& records = model_->source(s).records();
            if (records.size() == 0) continue;
            const int64_t a = records[0].order_ms, b = records[records.size() - 1].order_ms;
            first = any ? std::min(first, a) : a;
            last = any ? std::max(last, b) : b;
            any = true;
        }
        if (any && !from_on_->isChecked())
            from_->setDateTime(QDateTime::fromMSecsSinceEpoch(first, Qt::UTC));
        if (any && !to_on_->isChecked())
            to_->setDateTime(QDateTime::fromMSecsSinceEpoch(last + 999, Qt::UTC));
        tryPendingLine();
        updateStatus();
    });
    connect(model_, &LogModel::filterFinished, this, [this](qint64 ms, int rows) {
        filter_note_ = model_->filter().active() ? tr("filter: %1 rows in %2 ms").arg(rows).arg(ms)
                                                 : QString();
        tryPendingLine();
        updateStatus();
        emit filterApplied(rows);
    });
    resize(1200, 700);
}

LogViewer::~LogViewer() = default;

void LogViewer::setErrorCodes(const engine::ErrorCodes* codes) {
    codes_ = codes;
    model_->setErrorCodes(codes);
}

void LogViewer::openFiles(const QStringList& paths) {
    QStringList errors;
    for (const QString& path : paths) {
        if (isOpen(path)) continue;
        QString error;
        if (!model_->addFile(path, &error))
            errors << QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), error);
    }
    QStringList names;
    for (size_t s = 0; s < model_->sourceCount(); ++s)
        names << QFileInfo(model_->source(s).path()).fileName();
    setWindowTitle(tr("amtdiag log viewer — %1").arg(names.join(QStringLiteral(", "))));
    table_->setColumnHidden(LogModel::kSource, model_->sourceCount() < 2);
    filter_note_ = errors.join(QStringLiteral("; "));
    updateStatus();
}

bool LogViewer::isOpen(const QString& path) const {
    const QString wanted = QFileInfo(path).absoluteFilePath();
    for (size_t s = 0; s < model_->sourceCount(); ++s)
        if (QFileInfo(model_->source(s).path()).absoluteFilePath() == wanted) return true;
    return false;
}

void LogViewer::showLine(const QString& path, uint64_t line) {
    if (!isOpen(path)) openFiles({path});
    pending_ = PendingLine{path, line};
    tryPendingLine();
}

void LogViewer::tryPendingLine() {
    if (!pending_ || model_->merging()) return;  // rows move when the merge ends
    const int row = model_->rowForLine(pending_->path, pending_->line);
    if (row < 0) {
        // Hidden by a filter once the file is fully indexed: show everything and try again.
        if (!model_->indexing() && model_->filter().active() && !model_->filtering()) clearFilter();
        return;
    }
    // While the file is still being read, a later batch may hold the line: wait for it
    // unless this row already is the record that starts at or before it with one after.
    if (model_->indexing() && row + 1 >= model_->rowCount()) return;
    pending_.reset();
    selectRow(row);
}

void LogViewer::applyFilter(const FilterSpec& spec) {
    text_filter_->setText(spec.text);
    component_filter_->setEditText(spec.component);
    thread_filter_->setText(spec.thread ? QString::number(*spec.thread) : QString());
    severity_filter_->setCurrentIndex(spec.min_severity >= 3 ? 2 : spec.min_severity >= 2 ? 1 : 0);
    from_on_->setChecked(spec.from_ms.has_value());
    to_on_->setChecked(spec.to_ms.has_value());
    if (spec.from_ms) from_->setDateTime(QDateTime::fromMSecsSinceEpoch(*spec.from_ms, Qt::UTC));
    if (spec.to_ms) to_->setDateTime(QDateTime::fromMSecsSinceEpoch(*spec.to_ms, Qt::UTC));
    filter_note_ = tr("filtering…");
    updateStatus();
    model_->setFilter(spec);
}

void LogViewer::filterFromFields() {
    FilterSpec spec;
    spec.text = text_filter_->text();
    spec.component = component_filter_->currentText().trimmed();
    const QString thread = thread_filter_->text().trimmed();
    if (!thread.isEmpty()) {
        bool ok = false;
        const uint value = thread.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)
                               ? thread.mid(2).toUInt(&ok, 16)
                               : thread.toUInt(&ok, 10);
        if (ok) spec.thread = value;
    }
    spec.min_severity = static_cast<uint8_t>(severity_filter_->currentData().toInt());
    if (from_on_->isChecked()) spec.from_ms = from_->dateTime().toMSecsSinceEpoch();
    if (to_on_->isChecked()) spec.to_ms = to_->dateTime().toMSecsSinceEpoch();
    applyFilter(spec);
}

void LogViewer::clearFilter() {
    applyFilter(FilterSpec{});
}

void LogViewer::findNext(bool forward) {
    const int from = currentRow() < 0 ? (forward ? -1 : model_->rowCount()) : currentRow();
    const int row = model_->find(find_->text(), from, forward);
    if (row >= 0)
        selectRow(row);
    else
        status_->setText(
            tr("“%1” not found %2").arg(find_->text(), forward ? tr("below") : tr("above")));
}

void LogViewer::gotoError(bool forward) {
    const int from = currentRow() < 0 ? (forward ? -1 : model_->rowCount()) : currentRow();
    const int row = model_->nextError(from, forward);
    if (row >= 0) selectRow(row);
}

void LogViewer::selectRow(int row) {
    const QModelIndex index = model_->index(row, LogModel::kText);
    table_->setCurrentIndex(index);
    table_->scrollTo(index, QAbstractItemView::PositionAtCenter);
}

int LogViewer::currentRow() const {
    const QModelIndex current = table_->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void LogViewer::updateDetails() {
    const int row = currentRow();
    if (row < 0) {
        details_->clear();
        return;
    }
    QString text = model_->message(row);
    const QString tip =
        model_->data(model_->index(row, LogModel::kText), Qt::ToolTipRole).toString();
    details_->setPlainText(text + QStringLiteral("\n\n") + tip);
    updateStatus();
}

QString LogViewer::statusText() const {
    return status_->text();
}

void LogViewer::updateStatus() {
    uint64_t done = 0, total = 0;
    for (size_t s = 0; s < model_->sourceCount(); ++s) {
        const auto& source = model_->source(s);
        done += source.indexing() ? source.bytes_indexed() : source.size();
        total += source.size();
    }
    QStringList parts;
    parts << tr("%1 rows").arg(model_->rowCount());
    if (model_->indexing() && total > 0)
        parts << tr("reading %1 %")
                     .arg(static_cast<int>(100.0 * static_cast<double>(done) /
                                           static_cast<double>(total)));
    if (const int row = currentRow(); row >= 0) {
        const QModelIndex index = model_->index(row, 0);
        parts << tr("line %1").arg(model_->data(index, LogModel::LineRole).toULongLong());
    }
    if (!filter_note_.isEmpty()) parts << filter_note_;
    status_->setText(parts.join(QStringLiteral(" · ")));
}

}  // namespace amtdiag::gui::logview
