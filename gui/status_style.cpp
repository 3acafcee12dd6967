#include "gui/status_style.h"

#include <QPainter>
#include <QPixmap>

namespace amtdiag::gui {

QColor status_color(model::Status status) {
    switch (status) {
        case model::Status::pass:
            return {0x2e, 0x9d, 0x4f};
        case model::Status::fail:
            return {0xd3, 0x2f, 0x2f};
        case model::Status::warn:
            return {0xe6, 0x9b, 0x00};
        case model::Status::unknown:
            return {0x75, 0x75, 0x75};
        case model::Status::manual:
            return {0x1e, 0x6f, 0xd9};
        case model::Status::skipped:
            return {0xb0, 0xb0, 0xb0};
    }
    return Qt::gray;
}

QString status_word(model::Status status) {
    const auto word = model::to_string(status);
    return QString::fromLatin1(word.data(), static_cast<qsizetype>(word.size()));
}

QIcon status_icon(model::Status status) {
    QIcon icon;
    for (const int size : {16, 32, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(status_color(status));
        p.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0));
        p.setPen(QPen(Qt::white, size / 8.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        const double s = size;
        switch (status) {
            case model::Status::pass:
                p.drawPolyline(
                    QPolygonF({{s * .28, s * .52}, {s * .44, s * .68}, {s * .72, s * .34}}));
                break;
            case model::Status::fail:
                p.drawLine(QPointF(s * .32, s * .32), QPointF(s * .68, s * .68));
                p.drawLine(QPointF(s * .68, s * .32), QPointF(s * .32, s * .68));
                break;
            case model::Status::warn:
                p.drawLine(QPointF(s * .5, s * .25), QPointF(s * .5, s * .56));
                p.drawPoint(QPointF(s * .5, s * .74));
                break;
            case model::Status::unknown:
            case model::Status::manual: {
                QFont font = p.font();
                font.setPixelSize(static_cast<int>(s * .7));
                font.setBold(true);
                p.setFont(font);
                p.drawText(
                    QRectF(0, 0, s, s), Qt::AlignCenter,
                    status == model::Status::manual ? QStringLiteral("?") : QStringLiteral("…"));
                break;
            }
            case model::Status::skipped:
                p.drawLine(QPointF(s * .3, s * .5), QPointF(s * .7, s * .5));
                break;
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

}  // namespace amtdiag::gui
