#pragma once
// Page 1: the provisioning method, or let the evidence decide (AnalyzeOptions::mode).
#include <QWidget>
#include <string>
#include <vector>

class QButtonGroup;

namespace amtdiag::gui {

class MethodPage : public QWidget {
    Q_OBJECT

  public:
    explicit MethodPage(QWidget* parent = nullptr);
    std::vector<std::string> mode() const;
    void setMode(const std::vector<std::string>& mode);

  signals:
    void modeChanged();

  private:
    QButtonGroup* group_;
};

}  // namespace amtdiag::gui
