// The ConfigMgr 2007 out of band service point's tasks: provisioning (the guide's Figure 3)
// and full un-provisioning (Figure 4), with the proxy component's side in AMTPROXYMGR.LOG.
#include "analyzer/provisioning/flow_parts.h"

namespace amtdiag::provisioning {

namespace flow {

namespace {

void task_end(Context& ctx, int64_t t, unsigned th, const Device& d, bool ok) {
    op(ctx, t, th, ">>>>>>>>>> Provision task end <<<<<<<<<");
    if (ok)
        op(ctx, t, th,
           "Auto-worker Thread Pool: Succeed to run the task " + d.fqdn +
               ".. Remove it from task list.");
}

}  // namespace

// The provisioning task of the out of band service point (Figure 3), for a hello (out of
// band) or a ZTC request (in-band).
TaskResult provision_task(Context& ctx, const Device& d, int64_t t, bool inband, bool psk) {
    const World& w = ctx.w;
    const Settings& s = d.s;
    const unsigned th = ctx.task_thread;
    const std::string mid = std::to_string(d.machine_id);
    // The name the site holds for the device: the imported computer's (none when it was
    // imported without one).
    const std::string host = s.on("device.imported_without_name") ? std::string() : d.fqdn;
    op(ctx, t, th, "Auto-worker Thread Pool: Work thread " + std::to_string(th) + " started");
    op(ctx, t, th, ">>>>>>>>> Provision task begin <<<<<<<<<");
    op(ctx, t, th,
       "Provision target is indicated with SMS resource id. (MachineId = " + mid + " " + host +
           ")");
    op(ctx, t += 16, th,
       "Start to send a basic machine property creation request to FDM. (MachineId = " + mid + ")");
    op(ctx, t += 31, th,
       "CStateMsgReporter::DeliverMessages - Queued message: TT=1201 TIDT=0 TID=\"Fill Machine "
       "Property\" SID=1 "
       "MUF=0 PCNT=5, P1='" +
           upper(d.host) + "' P2='891300' P3='' P4='' P5=''");
    op(ctx, t += 16, th,
       "Warning: Currently we don't support mutual auth. Change to TLS server auth mode.");
    op(ctx, t, th, "The provision mode for device " + host + " is 1.");
    op(ctx, t, th, "Attempting to establish connection with target device using SOAP.");
    if (!s.on("site.prov_cert_installed")) {
        // modeled: no real text known for a store without a provisioning certificate.
        op(ctx, t += 16, th, "Failed to find a valid provisioning certificate in the store.");
        task_end(ctx, t += 31, th, d, false);
        return {t, false};
    }
    op(ctx, t += 16, th,
       "Found matched certificate hash in current memory of provisioning certificate");
    op(ctx, t, th, "Create provisionHelper with (Hash: " + upper(ctx.pki.prov->sha1_hex()) + ")");
    op(ctx, t, th, "Set credential on provisionHelper...");
    op(ctx, t += 15, th,
       "Try to use provisioning account to connect target machine " + host + "...");
    if (host.empty()) {
        // modeled: no name to resolve, so no connection is attempted.
        op(ctx, t += 20, th,
           "Error: Failed to connect target machine  using provisioning account #0.");
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    const Connect c = connect_to_device(ctx, d, t + 5, psk);
    t += 1391;
    if (c == Connect::tls_refused)
        op(ctx, t, th,
           "Error 0x80090326 returned by InitializeSecurityContext during follow up TLS "
           "handshaking with server.");
    // modeled: the digest logon the device refuses, as the SOAP layer reports it.
    if (c == Connect::auth_failed)
        op(ctx, t, th,
           "GeneralInfo.GetCoreVersion finished with HResult = 0x80070005, status = 0x0, "
           "clientError = 0.");
    if (c != Connect::ok) {
        op(ctx, t += 20, th,
           "Error: Failed to connect target machine " + host + " using provisioning account #0.");
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    op(ctx, t, th,
       "Succeed to connect target machine " + host + " and core version with " +
           s.get("device.firmware") + " using provisioning account #0.");
    op(ctx, t += 578, th,
       "GeneralInfo.GetProvisioningState finished with HRESULT = 0x0, status = 0x0, clientError = "
       "0.");
    if (s.on("device.already_provisioned")) {
        op(ctx, t, th, "Get device provisioning state is Post Provisioning");
        // modeled: the call a provisioned ME refuses (0x20 INVALID_PROVISIONING_STATE).
        op(ctx, t += 1609, th, soap("SecurityAdministration.CommitChanges", "0x20"));
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    op(ctx, t, th, "Get device provisioning state is In Provisioning");
    if (inband) op(ctx, t += 422, th, "Passed OTP check on AMT device " + host + ".");
    op(ctx, t += 16, th,
       "Machine " + host + " will be added and published to AD and OU is " + ou_path(w));
    op(ctx, t, th, "Send request to AMT proxy component to add machine " + host + " to AD.");
    op(ctx, t += 16, th, kProxyInstruction);
    // The proxy component (AMTPROXYMGR.LOG) works the instruction file a moment later.
    // modeled: the guide shows no AMTPROXYMGR.LOG lines.
    if (!s.on("ad.ou_full_control"))
        ctx.proxy.line(t + 900, kProxyThread,
                       "Failed to add the AMT object to AD " + ou_path(w) + ", error 0x80070005");
    else if (!s.on("ad.ou_exists"))
        ctx.proxy.line(t + 900, kProxyThread,
                       "Failed to add the AMT object to AD " + ou_path(w) + ", error 0x80072030");
    else
        ctx.proxy.line(t + 900, kProxyThread,
                       "Published the AMT object of " + host + " to " + ou_path(w));
    op(ctx, t, th, "Processing provision on AMT device " + host + "...");
    op(ctx, t += 32, th,
       "Send request to AMT proxy component to generate client certificate. (MachineId = " + mid +
           ")");
    op(ctx, t += 15, th, kProxyInstruction);
    const bool issued = s.on("ca.template_read_enroll");
    if (!issued)
        ctx.proxy.line(t + 1100, kProxyThread,
                       "The certificate request was denied by the policy module, error 0x80094012");
    else
        ctx.proxy.line(
            t + 1100, kProxyThread,
            "Issued the AMT web server certificate for " + host + " from the enterprise CA");
    const int cycles = issued ? 1 : 12;
    for (int k = 1; k <= cycles; ++k) {
        op(ctx, t += 16, th,
           "Wait 20 seconds to find client certificate for AMT device " + host +
               " being generated again...");
        op(ctx, t += 2309, kWorkerThread,
           "AMT Provision Worker: Wakes up to process instruction files");
        op(ctx, t += 16, kWorkerThread, "AMT Provision Worker: Wait 20 seconds...");
        op(ctx, t += 17691, th,
           "RETRY(" + std::to_string(k) + ") - Validate client certificate for AMT device " + host +
               " being generated.");
    }
    if (!issued) {
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    op(ctx, t += 109, th,
       "Found client certificate already being generated for AMT device " + host + ".");
    op(ctx, t += 16, th, "Start 1st stage provision on AMT device " + host + ".. (SOAP)");
    op(ctx, t += 1843, th, soap("SecurityAdministration.ClearTLS Credentials", "0x0"));
    op(ctx, t += 2891, th, soap("NetworkTime.GetLowAccuracyTimeSynch", "0x0"));
    // modeled status: 0x22 PT_STATUS_INVALID_TIME (the ME refuses the time it is given).
    op(ctx, t += 1406, th,
       soap("NetworkTime.SetHighAccuracyTimeSynch",
            s.on("device.time_sync_fails") ? "0x22" : "0x0"));
    op(ctx, t += 2125, th, soap("NetworkAdmin.SetHostName", "0x0"));
    op(ctx, t += 1891, th, soap("NetworkAdmin.SetDomainName", "0x0", false));
    op(ctx, t += 4734, th,
       soap("SecurityAdministration.SetTLSCertificateWithKeyPair", "0x0", false));
    op(ctx, t += 3125, th, soap("SecurityAdministration.SetTlsServerAuthentication", "0x0"));
    op(ctx, t += 1172, th, soap("SecurityAdministration.GetDigestRealm", "0x0"));
    // modeled status: 0x80A STORAGE_ACL_ENTRY... DUPLICATE (the entry exists under another SID).
    op(ctx, t += 2359, th,
       soap("SecurityAdministration.SetAdminAclEntryEx",
            s.on("device.acl_entry_fails") ? "0x80A" : "0x0"));
    // modeled: the AMT settings switch redirection on (SOL and IDE-R); with them off in MEBX
    // the firmware refuses (0x10 PT_STATUS_NOT_PERMITTED).
    op(ctx, t += 1203, th,
       soap("SecurityAdministration.SetEnabledInterfaces",
            s.on("device.sol_ider_enabled") ? "0x0" : "0x10"));
    op(ctx, t += 1578, th, soap("SecurityAdministration.SetMEBxPassword", "0x10"));
    op(ctx, t, th, "We can't set MEBx password at this time. Admin may have already changed this.");
    const bool commit_ok = !s.on("device.commit_fails");
    op(ctx, t += 3047, th, soap("SecurityAdministration.CommitChanges", commit_ok ? "0x0" : "0x1"));
    if (!commit_ok) {
        task_end(ctx, t += 47, th, d, false);
        return {t, false};
    }
    op(ctx, t += 16, th,
       "Finished 1st stage provision on AMT device " + host +
           ". Sleep 5 seconds for 2nd stage provision.");
    task_end(ctx, t += 5016, th, d, true);
    return {t, true};
}

}  // namespace flow

using namespace flow;

int64_t play_unprovision(Context& ctx, const Device& d, int64_t t) {
    const World& w = ctx.w;
    const unsigned th = ctx.task_thread;
    const std::string mid = std::to_string(d.machine_id);
    const std::string& host = d.fqdn;
    op(ctx, t, kWorkerThread, "AMT Provision Worker: Wakes up to process instruction files");
    op(ctx, t += 16, kWorkerThread, "AMT Provision Worker: Wait 20 seconds...");
    op(ctx, t += 3109, th,
       "Auto-worker Thread Pool: Work thread " + std::to_string(th) + " started");
    op(ctx, t, th, ">>>>>>>>> Provision task begin <<<<<<<<<");
    op(ctx, t, th,
       "Provision target is indicated with SMS resource id. (MachineId = " + mid + " " + host +
           ")");
    op(ctx, t += 16, th, "Found valid basic machine property for machine id = " + mid + ".");
    op(ctx, t, th, "The provision mode for device " + host + " is 1.");
    op(ctx, t, th, "Attempting to establish connection with target device using SOAP.");
    op(ctx, t += 15, th,
       "Found matched certificate hash in current memory of provisioning certificate");
    op(ctx, t, th, "Create provisionHelper with (Hash: " + upper(ctx.pki.prov->sha1_hex()) + ")");
    op(ctx, t, th, "Set credential on provisionHelper...");
    op(ctx, t += 16, th,
       "Try to use provisioned account (random generated password) to connect target machine " +
           host + "...");
    op(ctx, t += 1203, th,
       "Succeed to connect target machine " + host + " and core version with " +
           d.s.get("device.firmware") + " using provisioned account (random generated password).");
    op(ctx, t += 547, th,
       "GeneralInfo.GetProvisioningState finished with HResult = 0x0, status = 0x0, clientError = "
       "0.");
    op(ctx, t, th, "Get device provisioning state is Post Provisioning");
    op(ctx, t += 16, th, "session params : https://" + host + ":16993 , 11001");
    op(ctx, t += 406, th,
       "Send request to AMT proxy component to REVOKE client certificate. (MachineId = " + mid +
           ")");
    op(ctx, t += 15, th, kProxyInstruction);
    // modeled: the guide shows no AMTPROXYMGR.LOG lines.
    if (!d.s.on("ca.issue_manage"))
        ctx.proxy.line(
            t + 800, kProxyThread,
            "Failed to revoke the AMT web server certificate on the CA, error 0x80070005");
    else if (!d.s.on("ca.online"))
        ctx.proxy.line(t + 800, kProxyThread,
                       "Failed to revoke the AMT web server certificate of " + host +
                           " on the CA, error 0x800706BA");
    else
        ctx.proxy.line(t + 800, kProxyThread,
                       "Revoked the AMT web server certificate of " + host + " on the CA");
    if (d.s.on("device.unprovision_fails")) {
        // The device went away: the task stops after the revoke request (sample
        // unprovision-failure).
        op(ctx, t += 47, th, ">>>>>>>>>> Provision task end <<<<<<<<<");
        return t;
    }
    op(ctx, t, th, "Machine " + host + " will be removed from AD and OU is " + ou_path(w));
    op(ctx, t, th, "Send request to AMT proxy component to remove machine " + host + " from AD.");
    op(ctx, t += 16, th, kProxyInstruction);
    if (!d.s.on("ad.delete_ok"))
        ctx.proxy.line(
            t + 900, kProxyThread,
            "Failed to delete the AMT object from AD " + ou_path(w) + ", error 0x80072030");
    else
        ctx.proxy.line(t + 900, kProxyThread,
                       "Removed the AMT object of " + host + " from " + ou_path(w));
    op(ctx, t += 2875, th, "Finished full unprovision on AMT device " + host + "!");
    op(ctx, t += 16, th,
       "CStateMsgReporter::DeliverMessages - Queued message: TT=1201 TIDT=0 TID=\"Set full "
       "unprovisioned status for "
       "AMT machine\" SID=3 MUF=0 PCNT=1, P1='" +
           upper(d.host) + "'");
    op(ctx, t += 15, th, ">>>>>>>>>> Provision task end <<<<<<<<<");
    op(ctx, t, th,
       "Auto-worker Thread Pool: Succeed to run the task " + host + ".. Remove it from task list.");
    return t;
}

}  // namespace amtdiag::provisioning
