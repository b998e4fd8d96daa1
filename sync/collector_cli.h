// collector_cli.h — veldwijzer-collector's commands.
//
//   veldwijzer-collector [serve] [--port N --db PATH --web-root DIR --assets DIR ...]
//   veldwijzer-collector enroll-code --org NAME (--municipalities GM0153,GM0164 | --read)
//                                    [--base-url URL] [--db PATH] [--assets DIR]
//   veldwijzer-collector tokens [--db PATH]
//   veldwijzer-collector revoke TOKEN_ID [--db PATH]
//   veldwijzer-collector import-directory FILE [--assets DIR]
//   veldwijzer-collector export [--format csv|json] [--from YYYY-MM] [--to YYYY-MM]
//                               [--municipality GM0153,...] [--checklist ID] [--domain ID]
//                               [--db PATH] [--assets DIR]
//   veldwijzer-collector backup --to FILE [--force] [--db PATH]
//
// export prints what the data team may see: per checklist and year, months x
// municipalities x domains, with small cells suppressed by suppression.h over
// the whole year exactly as GET /api/v1/aggregates does (same region, same
// checklists, same rules); the filters only pick rows afterwards. Its CSV is
// the API's, byte for byte (aggregates_csv.h).
//
// backup copies the database through SQLite's online backup API while the
// collector may be serving, checks the copy and prints its size (sqlite_backup.h);
// for a PostgreSQL store it refuses and points to pg_dump.
//
// Without a command the collector serves (script/server passes only flags).
// parse_collector_command() turns argv into a command or a message naming the
// wrong word; run_admin_command() runs every command but serve and returns
// the exit status (0 done, 1 refused or failed, with the reason on `err`).
#pragma once

#include "aggregates_api.h"
#include "collector_options.h"
#include "collector_store.h"

#include "veldwijzer/result.h"

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace veldwijzer::collector {

enum class CollectorCommandKind { serve, help, enroll_code, tokens, revoke, import_directory, export_counts, backup };

struct AdminOptions {
  std::string db_path = CollectorOptions().db_path;
  std::string assets_dir = CollectorOptions().assets_dir;
  // enroll-code
  std::string organisation;
  std::vector<std::string> municipalities;
  bool read_token = false;
  std::string base_url = "http://127.0.0.1:8080";
  // revoke
  std::string token_id;
  // import-directory
  std::string file;
  // export
  std::string format = "csv";
  CountFilter filter;
  // backup
  std::string backup_to;
  bool force = false; // replace an existing backup file
};

struct CollectorCommand {
  CollectorCommandKind kind = CollectorCommandKind::serve;
  CollectorOptions serve;
  AdminOptions admin;
  std::string help_text; // for kind help
};

// The whole usage text: commands and serve's flags.
std::string collector_commands_usage();
Result<CollectorCommand> parse_collector_command(const std::vector<std::string> &args);

int run_admin_command(const CollectorCommand &command, std::ostream &out, std::ostream &err, std::int64_t now);

// "2026-11-26T17:44:00Z"
std::string utc_timestamp(std::int64_t unix_seconds);

// What the data team's figures are protected with, read from the assets the
// collector serves: the region's municipalities and every checklist in
// ASSETS/checklists (none when that folder does not exist). The server and
// `export` both use this, so they suppress the same cells.
Result<AggregatesConfig> load_aggregates_config(const std::filesystem::path &assets_dir, Region region);

} // namespace veldwijzer::collector
