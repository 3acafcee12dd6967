#include "gui/method_page.h"

#include <QButtonGroup>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

namespace amtdiag::gui {

namespace {

struct Method {
    const char* title;
    const char* explanation;
    std::vector<std::string> mode;  // --mode words
};

const std::vector<Method>& methods() {
    static const std::vector<Method> list = {
        {QT_TRANSLATE_NOOP("MethodPage", "Let the evidence decide"),
         QT_TRANSLATE_NOOP("MethodPage",
                           "amtdiag reads the method from the logs (hello messages, in-band "
                           "requests). Checks of every method are judged."),
         {}},
        {QT_TRANSLATE_NOOP("MethodPage", "ConfigMgr out-of-band (hello)"),
         QT_TRANSLATE_NOOP("MethodPage",
                           "The device sends hello packets to the out-of-band service point; "
                           "provisioning uses a provisioning certificate."),
         {"oob"}},
        {QT_TRANSLATE_NOOP("MethodPage", "ConfigMgr in-band (agent)"),
         QT_TRANSLATE_NOOP("MethodPage",
                           "The ConfigMgr client on the computer asks the site to provision "
                           "its AMT (ZTC request through the agent)."),
         {"inband"}},
        {QT_TRANSLATE_NOOP("MethodPage", "One-touch (PID/PPS)"),
         QT_TRANSLATE_NOOP("MethodPage",
                           "A provisioning ID and passphrase were entered in the MEBx or "
                           "from a USB key (pre-shared keys)."),
         {"onetouch"}},  // the engine takes one-touch as PSK
    };
    return list;
}

}  // namespace

MethodPage::MethodPage(QWidget* parent) : QWidget(parent), group_(new QButtonGroup(this)) {
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("<h2>How was this device provisioned?</h2>"
                                "<p>The method decides which checks apply. When in doubt, let "
                                "the evidence decide.</p>"),
                             this);
    title->setWordWrap(true);
    layout->addWidget(title);
    int id = 0;
    for (const Method& m : methods()) {
        auto* button = new QRadioButton(tr(m.title), this);
        button->setObjectName(QStringLiteral("method%1").arg(id));
        auto* note = new QLabel(tr(m.explanation), this);
        note->setWordWrap(true);
        note->setContentsMargins(28, 0, 0, 8);
        note->setBuddy(button);
        group_->addButton(button, id++);
        layout->addWidget(button);
        layout->addWidget(note);
    }
    group_->button(0)->setChecked(true);
    layout->addStretch(1);
    connect(group_, &QButtonGroup::idClicked, this, [this] { emit modeChanged(); });
}

std::vector<std::string> MethodPage::mode() const {
    const int id = group_->checkedId();
    return id < 0 ? std::vector<std::string>{} : methods()[static_cast<size_t>(id)].mode;
}

void MethodPage::setMode(const std::vector<std::string>& mode) {
    for (size_t i = 0; i < methods().size(); ++i)
        if (methods()[i].mode == mode) group_->button(static_cast<int>(i))->setChecked(true);
}

}  // namespace amtdiag::gui
