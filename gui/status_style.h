#pragma once
// How a status looks everywhere in the GUI: one icon (a coloured disc with a sign, drawn, so it
// is sharp at any scale and identical offscreen), a colour and a word.
#include <QColor>
#include <QIcon>
#include <QString>

#include "analyzer/model/status.h"

namespace amtdiag::gui {

QIcon status_icon(model::Status status);
QColor status_color(model::Status status);
QString status_word(model::Status status);  // "fail", "pass", ... as the reports say it

}  // namespace amtdiag::gui
