#include "figure_lines.hpp"

#include <array>

namespace amtdiag::bench {

namespace {

using R = Role;

// The figures show MachineId 48 for the provisioning run (Figure 3) and 45 for the
// un-provisioning run (Figure 4) of the same host hp7800.vprolab.com. The scenarios
// use 48 for both runs ({mid}) so that one host has one resource id.

constexpr std::string_view kProxyInstruction =
    R"(Successfully created instruction file for AMT proxy task: C:\Program Files\Microsoft Configuration Manager\inboxes\amtproxymgr.box)";

// ---- Figure 1 --------------------------------------------------------------
constexpr Step kListenerStartSteps[] = {
    {R::kListener, 0, lines::kListenerWaiting},
};

constexpr Step kHelloRejectedSteps[] = {
    {R::kListener, 0,
     "Warning: AMT device {uuid} is a SMS client. Reject hello message to provision."},
    {R::kListener, 16, lines::kListenerWaiting},
};

constexpr Step kWorkerIdleTickSteps[] = {
    {R::kWorkerNoise, 0, lines::kWorkerWakes},
    {R::kWorkerNoise, 15, lines::kWorkerWait3600},
};

constexpr Step kWorkerBusyTickSteps[] = {
    {R::kWorkerNoise, 0, lines::kWorkerWakes},
    {R::kWorkerNoise, 16, lines::kWorkerWait20},
};

// ---- Figure 1/2: ZTC request (in-band) -------------------------------------
constexpr Step kZtcRequestSteps[] = {
    {R::kWorkerNoise, 0, lines::kWorkerWakes},
    {R::kWorker, 31,
     R"(Incoming instruction file C:\Program Files\Microsoft Configuration Manager\inboxes\amtopmgr.box\prov\{mid}.OTP to Provision Worker.)"},
    {R::kWorker, 47,
     "Found one 'ZTC Provision' task with type 'Machine Resource' and target ID '{mid}' and IP "
     "address '0'."},
    {R::kWorker, 62, "Target machine {mid} is a AMT capable machine."},
    {R::kWorker, 15, "Succeed to add new task to pending list."},
    {R::kWorker, 16, "AMT Provision Worker: Parsed 1 instruction files"},
    {R::kWorker, 0, "AMT Provision Worker: There are 1 tasks in pending list"},
    {R::kWorker, 15, "AMT Provision Worker: Send task {host} to completion port"},
    {R::kWorker, 0, "Auto-worker Thread Pool: Current size of the thread pool is {n}"},
    {R::kWorker, 16, "AMT Provision Worker: 1 task(s) are sent to the task pool successfully."},
    {R::kWorker, 94,
     R"(STATMSG: ID=7203 SEV=L LEV=M SOURCE="SMS Server" COMP="SMS AMT OPERATION MANAGER" SYS=SCCM SITE=ISW PID=2012 TID=2471)"},
};

// ---- Figure 3: provisioning --------------------------------------------------
constexpr Step kProvisionHeadSteps[] = {
    {R::kTask, 47, "Auto-worker Thread Pool: Work thread {wt} started"},
    // Figure 3 prints "begin<<<"; Figure 4's spacing is used for both runs.
    {R::kTask, 0, ">>>>>>>>> Provision task begin <<<<<<<<<"},
    {R::kTask, 0, "Provision target is indicated with SMS resource id. (MachineId = {mid} {host})"},
    {R::kTask, 16,
     "Start to send a basic machine property creation request to FDM. (MachineId = {mid})"},
    // completed: the screenshot cuts the line after "P2='891300" and garbles the TID
    // quotes; quoting follows Figure 4's state message line, P3..P5 are modeled.
    {R::kTask, 31,
     "CStateMsgReporter::DeliverMessages - Queued message: TT=1201 TIDT=0 TID=\"Fill Machine "
     "Property\" SID=1 MUF=0 PCNT=5, P1='{HOST}' P2='891300' P3='' P4='' P5=''"},
    // completed: the screenshot cuts the path after "incoming"; the file name is modeled.
    {R::kTask, 0,
     R"(CStateMsgReporter::DeliverMessages - Created state message file: C:\Program Files\Microsoft Configuration Manager\inboxes\auth\statesys.box\incoming\{smx}.SMX)"},
    {R::kTask, 16,
     "Warning: Currently we don't support mutual auth. Change to TLS server auth mode."},
    {R::kTask, 0, "The provision mode for device {host} is 1."},
    {R::kTask, 0, "Attempting to establish connection with target device using SOAP."},
    {R::kTask, 16, "Found matched certificate hash in current memory of provisioning certificate"},
    {R::kTask, 0, "Create provisionHelper with (Hash: {hash})"},
    {R::kTask, 0, "Set credential on provisionHelper..."},
    {R::kTask, 15, "Try to use provisioning account to connect target machine {host}..."},
    {R::kTask, 1391,
     "Succeed to connect target machine {host} and core version with {core} using provisioning "
     "account #0."},
    {R::kTask, 578,
     "GeneralInfo.GetProvisioningState finished with HRESULT = 0x0, status = 0x0, clientError = "
     "0."},
    {R::kTask, 0, "Get device provisioning state is In Provisioning"},
    {R::kTask, 422, "Passed OTP check on AMT device {host}."},
    // completed: the screenshot cuts "DC=vprolab"; Figure 4 shows the full DN.
    {R::kTask, 16,
     "Machine {host} will be added and published to AD and OU is LDAP://{dc}/OU=Out of Band "
     "Management Controllers,{dn}"},
    {R::kTask, 0, "Send request to AMT proxy component to add machine {host} to AD."},
    {R::kTask, 16, kProxyInstruction},
    {R::kTask, 0, "Processing provision on AMT device {host}..."},
    {R::kTask, 32,
     "Send request to AMT proxy component to generate client certificate. (MachineId = {mid})"},
    {R::kTask, 15, kProxyInstruction},
};

// The worker wakes every 20 s; the task re-checks 20 s after announcing the wait.
constexpr Step kCertWaitCycleSteps[] = {
    {R::kTask, 16,
     "Wait 20 seconds to find client certificate for AMT device {host} being generated again..."},
    {R::kWorkerNoise, 2309, lines::kWorkerWakes},
    {R::kWorkerNoise, 16, lines::kWorkerWait20},
    {R::kTask, 17691,
     "RETRY({k}) - Validate client certificate for AMT device {host} being generated."},
};

constexpr Step kFirstStageSteps[] = {
    {R::kTask, 109, "Found client certificate already being generated for AMT device {host}."},
    {R::kTask, 16, "Start 1st stage provision on AMT device {host}.. (SOAP)"},
    // Figure text has the space in "ClearTLS Credentials".
    {R::kTask, 1843,
     "SecurityAdministration.ClearTLS Credentials finished with HResult = 0x0, status = 0x0, "
     "clientError = 0."},
    {R::kWorkerNoise, 63, lines::kWorkerWakes},
    {R::kWorkerNoise, 15, lines::kWorkerWait20},
    {R::kTask, 2891,
     "NetworkTime.GetLowAccuracyTimeSynch finished with HResult = 0x0, status = 0x0, clientError = "
     "0."},
    {R::kTask, 1406,
     "NetworkTime.SetHighAccuracyTimeSynch finished with HResult = 0x0, status = 0x0, clientError "
     "= 0."},
    {R::kTask, 2125,
     "NetworkAdmin.SetHostName finished with HResult = 0x0, status = 0x0, clientError = 0."},
    {R::kTask, 1891, "NetworkAdmin.SetDomainName finished with HResult = 0x0, status = 0x0."},
    {R::kWorkerNoise, 11672, lines::kWorkerWakes},
    {R::kWorkerNoise, 16, lines::kWorkerWait20},
    {R::kTask, 4734,
     "SecurityAdministration.SetTLSCertificateWithKeyPair finished with HResult = 0x0, status = "
     "0x0."},
    {R::kTask, 3125,
     "SecurityAdministration.SetTlsServerAuthentication finished with HResult = 0x0, status = 0x0, "
     "clientError = 0."},
    {R::kTask, 1172,
     "SecurityAdministration.GetDigestRealm finished with HResult = 0x0, status = 0x0, clientError "
     "= 0."},
    {R::kWorkerNoise, 10953, lines::kWorkerWakes},
    {R::kWorkerNoise, 15, lines::kWorkerWait20},
    {R::kTask, 2359,
     "SecurityAdministration.SetAdminAclEntryEx finished with HResult = 0x0, status = 0x0, "
     "clientError = 0."},
    {R::kTask, 1578,
     "SecurityAdministration.SetMEBxPassword finished with HResult = 0x0, status = 0x10, "
     "clientError = 0."},
    {R::kTask, 0, "We can't set MEBx password at this time. Admin may have already changed this."},
    {R::kTask, 3047,
     "SecurityAdministration.CommitChanges finished with HResult = 0x0, status = 0x0, clientError "
     "= 0."},
};

constexpr Step kFirstStageFinishedSteps[] = {
    {R::kTask, 16,
     "Finished 1st stage provision on AMT device {host}. Sleep 5 seconds for 2nd stage provision."},
};

// The guide shows no line for the end of the 2nd stage; the task ends after the sleep.
constexpr Step kTaskEndOkSteps[] = {
    {R::kTask, 5016, ">>>>>>>>>> Provision task end <<<<<<<<<"},
    {R::kTask, 0,
     "Auto-worker Thread Pool: Succeed to run the task {host}.. Remove it from task list."},
};

constexpr Step kTaskEndOnlySteps[] = {
    {R::kTask, 47, ">>>>>>>>>> Provision task end <<<<<<<<<"},
};

constexpr Step kSoapCallFailedSteps[] = {
    // modeled: no real text known (same shape as the successful calls in Figure 3;
    // status 0x1 = PT_STATUS_INTERNAL_ERROR).
    {R::kTask, 1609, "{soap} finished with HResult = 0x0, status = {st}, clientError = 0."},
};

// ---- Figure 4: un-provisioning -------------------------------------------------
constexpr Step kUnprovisionHeadSteps[] = {
    {R::kWorkerNoise, 0, lines::kWorkerWakes},
    {R::kWorkerNoise, 16, lines::kWorkerWait20},
    {R::kTask, 3109, "Auto-worker Thread Pool: Work thread {wt} started"},
    {R::kTask, 0, ">>>>>>>>> Provision task begin <<<<<<<<<"},
    {R::kTask, 0, "Provision target is indicated with SMS resource id. (MachineId = {mid} {host})"},
    {R::kTask, 16, "Found valid basic machine property for machine id = {mid}."},
    {R::kTask, 0, "The provision mode for device {host} is 1."},
    {R::kTask, 0, "Attempting to establish connection with target device using SOAP."},
    {R::kTask, 15, "Found matched certificate hash in current memory of provisioning certificate"},
    {R::kTask, 0, "Create provisionHelper with (Hash: {hash})"},
    {R::kTask, 0, "Set credential on provisionHelper..."},
    {R::kTask, 16,
     "Try to use provisioned account (random generated password) to connect target machine "
     "{host}..."},
    {R::kTask, 1203,
     "Succeed to connect target machine {host} and core version with {core} using provisioned "
     "account (random generated password)."},
    {R::kTask, 547,
     "GeneralInfo.GetProvisioningState finished with HResult = 0x0, status = 0x0, clientError = "
     "0."},
    {R::kTask, 0, "Get device provisioning state is Post Provisioning"},
    {R::kTask, 16, "session params : https://{host}:16993 , 11001"},
    {R::kTask, 406,
     "Send request to AMT proxy component to REVOKE client certificate. (MachineId = {mid})"},
    {R::kTask, 15, kProxyInstruction},
};

constexpr Step kUnprovisionTailSteps[] = {
    {R::kTask, 0,
     "Machine {host} will be removed from AD and OU is LDAP://{dc}/OU=Out of Band Management "
     "Controllers,{dn}"},
    {R::kTask, 0, "Send request to AMT proxy component to remove machine {host} from AD."},
    {R::kTask, 16, kProxyInstruction},
    {R::kTask, 2875, "Finished full unprovision on AMT device {host}!"},
    // completed: the screenshot cuts the line after "PCNT=1, "; P1 is modeled like Figure 3's.
    {R::kTask, 16,
     "CStateMsgReporter::DeliverMessages - Queued message: TT=1201 TIDT=0 TID=\"Set full "
     "unprovisioned status for AMT machine\" SID=3 MUF=0 PCNT=1, P1='{HOST}'"},
    // completed: the screenshot cuts the path after "incoming\"; the file name is modeled.
    {R::kTask, 0,
     R"(CStateMsgReporter::DeliverMessages - Created state message file: C:\Program Files\Microsoft Configuration Manager\inboxes\auth\statesys.box\incoming\{smx}.SMX)"},
    {R::kTask, 15, ">>>>>>>>>> Provision task end <<<<<<<<<"},
    {R::kTask, 0,
     "Auto-worker Thread Pool: Succeed to run the task {host}.. Remove it from task list."},
    {R::kWorkerNoise, 12031, lines::kWorkerWakes},
};

constexpr Step kPoolIdleSteps[] = {
    // The line the guide's screenshots show selected in the detail pane (thread 2436).
    {R::kWorker, 31, lines::kPoolIdle},
};

constexpr SoapFailurePoint kSoapFailurePointList[] = {
    {5, "NetworkTime.GetLowAccuracyTimeSynch"},
    {6, "NetworkTime.SetHighAccuracyTimeSynch"},
    {7, "NetworkAdmin.SetHostName"},
    {8, "NetworkAdmin.SetDomainName"},
    {11, "SecurityAdministration.SetTLSCertificateWithKeyPair"},
    {12, "SecurityAdministration.SetTlsServerAuthentication"},
    {16, "SecurityAdministration.SetAdminAclEntryEx"},
    {19, "SecurityAdministration.CommitChanges"},
};

}  // namespace

const StepTable kListenerStart{kListenerStartSteps};
const StepTable kHelloRejected{kHelloRejectedSteps};
const StepTable kWorkerIdleTick{kWorkerIdleTickSteps};
const StepTable kWorkerBusyTick{kWorkerBusyTickSteps};
const StepTable kZtcRequest{kZtcRequestSteps};
const StepTable kProvisionHead{kProvisionHeadSteps};
const StepTable kCertWaitCycle{kCertWaitCycleSteps};
const StepTable kFirstStage{kFirstStageSteps};
const StepTable kFirstStageFinished{kFirstStageFinishedSteps};
const StepTable kTaskEndOk{kTaskEndOkSteps};
const StepTable kTaskEndOnly{kTaskEndOnlySteps};
const StepTable kSoapCallFailed{kSoapCallFailedSteps};
const StepTable kUnprovisionHead{kUnprovisionHeadSteps};
const StepTable kUnprovisionTail{kUnprovisionTailSteps};
const StepTable kPoolIdle{kPoolIdleSteps};

const std::span<const SoapFailurePoint> kSoapFailurePoints{kSoapFailurePointList};

namespace {
const std::array<StepTable, 15> kAllTableList{
    kListenerStart, kHelloRejected,  kWorkerIdleTick,  kWorkerBusyTick,     kZtcRequest,
    kProvisionHead, kCertWaitCycle,  kFirstStage,      kFirstStageFinished, kTaskEndOk,
    kTaskEndOnly,   kSoapCallFailed, kUnprovisionHead, kUnprovisionTail,    kPoolIdle};
}  // namespace

const std::span<const StepTable> kAllTables{kAllTableList};

}  // namespace amtdiag::bench
