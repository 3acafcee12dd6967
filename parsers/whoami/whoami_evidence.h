#pragma once
// `whoami /groups` output as typed evidence (docs/rules.md, "Group memberships"):
//   auth.groups  one per output (one account): the account, its domain SID, the group lists
//   auth.group   one per group: name, type, SID and where the SID lives relative to the
//                account's domain (`sid_scope`), which the token-size rule weighs
// Neither names a device: the account is the console operator's, on whatever host it ran.
#include <functional>
#include <string>

#include "analyzer/model/evidence.h"
#include "parsers/whoami/groups.h"

namespace amtdiag::parsers::whoami {

// The account's domain: the domain of its own SID when the output names it, else of the
// group with RID 513 (Domain Users, every domain account's primary group), else the domain
// most "Group" entries belong to. `from` says which.
struct AccountDomain {
    std::string sid;
    std::string from;  // "user SID", "Domain Users (RID 513)", "most domain groups", ""
};
AccountDomain account_domain(const GroupsReport& report);

// "account", "other-domain", "builtin", "label" or "well-known".
std::string sid_scope(std::string_view sid, const std::string& account_domain_sid);

// Hands every evidence of `output` to `out`; `artifact` names the file. Pure.
void emit_whoami(const WhoamiOutput& output, const std::string& artifact,
                 const std::function<void(const model::Evidence&)>& out);

}  // namespace amtdiag::parsers::whoami
