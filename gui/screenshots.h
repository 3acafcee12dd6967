#pragma once
// Screenshot mode (scripts/gui-screenshots.sh): every wizard page and the log viewer saved
// as PNG into a folder, for the README. Hidden switch: --screenshots DIR.
#include <QString>

namespace amtdiag::gui {

class WizardWindow;

// Saves the pages of `window` (analysed already) and the viewer opened on the first failing
// finding's evidence; returns the number of files written.
int save_screenshots(WizardWindow& window, const QString& dir);

}  // namespace amtdiag::gui
