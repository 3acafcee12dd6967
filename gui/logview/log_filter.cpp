#include "gui/logview/log_filter.h"

#include "gui/logview/log_source.h"

namespace amtdiag::gui::logview {

namespace {

bool is_ascii(const QString& s) {
    for (const QChar c : s)
        if (c.unicode() > 0x7f) return false;
    return true;
}

}  // namespace

SourceFilter::SourceFilter(const FilterSpec& spec, const LogSource& source)
    : spec_(spec), source_(&source), known_components_(source.components().size()) {
    if (!spec.component.isEmpty()) {
        const auto& names = source.components();
        component_ok_.resize(names.size());
        for (size_t i = 0; i < names.size(); ++i)
            component_ok_[i] = names[i].contains(spec.component, Qt::CaseInsensitive);
    }
    if (!spec.text.isEmpty()) {
        decode_text_ = source.wide() && !is_ascii(spec.text);
        const QByteArray utf8 = spec.text.toUtf8();
        needle_ = RawNeedle(std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())),
                            source.wide());
    }
}

bool SourceFilter::matches(size_t record) const {
    const RecordEntry& e = source_->records()[record];
    if (e.severity < spec_.min_severity) return false;
    if (spec_.thread && (!e.has(RecordEntry::kHasThread) || e.thread != *spec_.thread))
        return false;
    if (!component_ok_.empty() &&
        (e.component >= component_ok_.size() || !component_ok_[e.component]))
        return false;
    if (spec_.from_ms && (!e.has(RecordEntry::kHasTime) || e.order_ms < *spec_.from_ms))
        return false;
    if (spec_.to_ms && (!e.has(RecordEntry::kHasTime) || e.order_ms > *spec_.to_ms)) return false;
    if (spec_.text.isEmpty()) return true;
    if (decode_text_) return source_->message(record).contains(spec_.text, Qt::CaseInsensitive);
    return needle_.found_in(message_part(source_->raw(record), source_->wide()));
}

}  // namespace amtdiag::gui::logview
