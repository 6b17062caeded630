// `clause-server keys ...`: makes and manages the API keys file
// (server/api_keys.h). `add` prints the new key once and stores only its
// SHA-256; `list` shows names, scopes and limits; `remove` drops a key.
// The file is rewritten whole (a temporary file renamed over it, mode 0600);
// a running server picks the change up on SIGHUP.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace clause::server {

// Runs the command in args (without "clause-server keys"); the exit status:
// 0 done, 2 a usage error or a bad keys file (the message names the option
// or file:line). The new key goes to `out`, everything else to `err`.
int run_keys_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

std::string keys_usage();

}  // namespace clause::server
