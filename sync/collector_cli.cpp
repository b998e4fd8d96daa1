// collector_cli.cpp — parsing and running the admin commands.
#include "collector_cli.h"

#include "aggregates_csv.h"
#include "credentials.h"
#include "directory_files.h"
#include "enrollment.h"
#include "postgres_collector_store.h"
#include "sqlite_backup.h"
#include "suppression.h"

#include "veldwijzer/directory.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unistd.h>

namespace veldwijzer::collector {
namespace {

namespace fs = std::filesystem;

struct CommandSpec {
  const char *name;
  CollectorCommandKind kind;
  std::set<std::string> value_flags;
  std::set<std::string> switches;
  std::size_t positionals; // exact number of words that are not flags
  const char *positional_name;
};

const std::vector<CommandSpec> &command_specs() {
  static const std::vector<CommandSpec> specs = {
      {"enroll-code",
       CollectorCommandKind::enroll_code,
       {"--org", "--municipalities", "--base-url", "--db", "--assets"},
       {"--read"},
       0,
       ""},
      {"tokens", CollectorCommandKind::tokens, {"--db"}, {}, 0, ""},
      {"revoke", CollectorCommandKind::revoke, {"--db"}, {}, 1, "TOKEN_ID"},
      {"import-directory", CollectorCommandKind::import_directory, {"--assets"}, {}, 1, "FILE"},
      {"export",
       CollectorCommandKind::export_counts,
       {"--format", "--from", "--to", "--municipality", "--checklist", "--domain", "--db", "--assets"},
       {},
       0,
       ""},
      {"backup", CollectorCommandKind::backup, {"--to", "--db"}, {"--force"}, 0, ""},
  };
  return specs;
}

std::vector<std::string> split_list(const std::string &text) {
  std::vector<std::string> out;
  std::string item;
  for (const char c : text + ",") {
    if (c == ',') {
      if (!item.empty()) {
        out.push_back(item);
      }
      item.clear();
    } else if (c != ' ') {
      item.push_back(c);
    }
  }
  return out;
}

Result<std::string> read_text(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(path.string() + ": cannot read (" + std::strerror(errno) + ")");
  }
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (in.bad()) {
    return fail(path.string() + ": read error");
  }
  return text;
}

// Writes and fsyncs a file, so a rename of it is durable.
Result<bool> write_durably(const fs::path &path, const std::string &bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(path.string() + ": cannot write (" + std::strerror(errno) + ")");
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return fail(path.string() + ": write failed (" + why + ")");
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const std::string why = std::strerror(errno);
  ::close(fd);
  if (!synced) {
    return fail(path.string() + ": fsync failed (" + why + ")");
  }
  return true;
}

void sync_folder(const fs::path &folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

void replace_all(std::string &text, const std::string &from, const std::string &to) {
  for (auto pos = text.find(from); !from.empty() && pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

// Removes a folder when the scope ends (the staging copy of the assets).
struct RemoveOnExit {
  fs::path path;
  ~RemoveOnExit() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

int enroll_code(const AdminOptions &admin, std::ostream &out, std::ostream &err, std::int64_t now) {
  const fs::path region_path = fs::path(admin.assets_dir) / "regions" / "twente.json";
  auto region_text = read_text(region_path);
  if (!region_text) {
    err << "veldwijzer-collector: " << region_text.error()
        << " (the municipalities are checked against it; pass --assets)\n";
    return 1;
  }
  auto region = load_region(region_text.value(), region_path.string());
  if (!region) {
    err << "veldwijzer-collector: " << region.error().message() << "\n";
    return 1;
  }
  for (const std::string &code : admin.municipalities) {
    if (region.value().find(code) == nullptr) {
      err << "veldwijzer-collector: --municipalities: " << code << " is not a municipality of " << region.value().name
          << " (" << region_path.string() << ")\n";
      return 1;
    }
  }
  auto store = open_collector_store(admin.db_path);
  if (!store) {
    err << "veldwijzer-collector: " << store.error() << "\n";
    return 1;
  }
  EnrollmentGrant grant;
  grant.kind = admin.read_token ? TokenKind::read : TokenKind::submit;
  grant.organisation = admin.organisation;
  grant.municipalities = admin.municipalities;
  auto issued = issue_enrollment_code(*store.value(), grant, now, admin.base_url);
  if (!issued) {
    err << "veldwijzer-collector: " << issued.error() << "\n";
    return 1;
  }
  std::string codes;
  for (const std::string &code : grant.municipalities) {
    codes += (codes.empty() ? "" : ", ") + code;
  }
  out << "code     " << issued.value().code << "\n"
      << "url      " << issued.value().url << "\n"
      << "expires  " << utc_timestamp(issued.value().expires_at) << " (single use)\n"
      << "grants   " << (admin.read_token ? "read token (data team)" : "submit token (device)") << " for "
      << grant.organisation << (codes.empty() ? std::string(": the whole region's suppressed figures") : ": " + codes)
      << "\n";
  return 0;
}

int list_tokens(const AdminOptions &admin, std::ostream &out, std::ostream &err) {
  auto store = open_collector_store(admin.db_path);
  if (!store) {
    err << "veldwijzer-collector: " << store.error() << "\n";
    return 1;
  }
  auto tokens = store.value()->tokens();
  if (!tokens) {
    err << "veldwijzer-collector: " << tokens.error() << "\n";
    return 1;
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "KIND", "ORGANISATION", "MUNICIPALITIES", "CREATED", "LAST USED", "REVOKED"}};
  for (const TokenRecord &t : tokens.value()) {
    std::string codes;
    for (const std::string &code : t.municipalities) {
      codes += (codes.empty() ? "" : ",") + code;
    }
    rows.push_back({t.token_id, std::string(token_kind_code(t.kind)), t.organisation, codes.empty() ? "-" : codes,
                    utc_timestamp(t.created_at), t.last_used_at ? utc_timestamp(*t.last_used_at) : "-",
                    t.revoked_at ? utc_timestamp(*t.revoked_at) : "-"});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto &row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const auto &row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) {
        line += std::string(widths[i] - row[i].size() + 2, ' ');
      }
    }
    out << line << "\n";
  }
  if (tokens.value().empty()) {
    out << "(no tokens yet: create an enrollment code with enroll-code)\n";
  }
  return 0;
}

int revoke(const AdminOptions &admin, std::ostream &out, std::ostream &err, std::int64_t now) {
  if (!is_token_id(admin.token_id)) {
    err << "veldwijzer-collector: revoke: '" << admin.token_id
        << "' is not a token id (12 hex characters, as listed by 'tokens')\n";
    return 1;
  }
  auto store = open_collector_store(admin.db_path);
  if (!store) {
    err << "veldwijzer-collector: " << store.error() << "\n";
    return 1;
  }
  auto outcome = store.value()->revoke_token(admin.token_id, now);
  if (!outcome) {
    err << "veldwijzer-collector: " << outcome.error() << "\n";
    return 1;
  }
  switch (outcome.value()) {
  case RevokeOutcome::revoked:
    out << "revoked token " << admin.token_id << ": its next request is refused (401)\n";
    return 0;
  case RevokeOutcome::already_revoked:
    out << "token " << admin.token_id << " was already revoked\n";
    return 0;
  case RevokeOutcome::unknown:
    break;
  }
  err << "veldwijzer-collector: revoke: no token with id " << admin.token_id << " (see 'tokens')\n";
  return 1;
}

// Checks FILE exactly as the collector checks its dataset at start — staged
// beside the region and synonyms it will be served with — then renames it
// over assets/directory/twente.json: the old file or the new, never half.
int import_directory(const AdminOptions &admin, std::ostream &out, std::ostream &err) {
  const fs::path assets(admin.assets_dir);
  const fs::path target = assets / "directory" / "twente.json";
  auto candidate = read_text(admin.file);
  if (!candidate) {
    err << "veldwijzer-collector: import-directory: " << candidate.error() << "\n";
    return 1;
  }
  const RemoveOnExit staging{assets / (".import-" + random_hex(6))};
  const fs::path staged = staging.path / "directory" / "twente.json";
  std::error_code ec;
  fs::create_directories(staging.path / "regions", ec);
  fs::create_directories(staging.path / "directory", ec);
  if (ec) {
    err << "veldwijzer-collector: import-directory: cannot create " << staging.path.string() << ": " << ec.message()
        << "\n";
    return 1;
  }
  for (const char *part : {"regions/twente.json", "directory/synonyms.json"}) {
    fs::copy_file(assets / part, staging.path / part, ec);
    if (ec) {
      err << "veldwijzer-collector: import-directory: cannot read " << (assets / part).string() << ": " << ec.message()
          << " (pass --assets with the collector's assets folder)\n";
      return 1;
    }
  }
  if (auto written = write_durably(staged, candidate.value()); !written) {
    err << "veldwijzer-collector: import-directory: " << written.error() << "\n";
    return 1;
  }
  auto loaded = load_directory_files(staging.path);
  if (!loaded) {
    std::string why = loaded.error();
    replace_all(why, staged.string(), admin.file);
    err << "veldwijzer-collector: import-directory: refused, nothing was changed: " << why << "\n";
    return 1;
  }
  fs::rename(staged, target, ec);
  if (ec) {
    err << "veldwijzer-collector: import-directory: cannot install " << target.string() << ": " << ec.message() << "\n";
    return 1;
  }
  sync_folder(target.parent_path());
  const Directory &directory = *loaded.value().directory;
  out << "installed " << admin.file << " as " << target.string() << ": dataset " << directory.info.id << " version "
      << directory.info.version << ", " << directory.services.size()
      << " services. Restart the collector to serve it.\n";
  return 0;
}

Result<Region> read_region(const fs::path &assets) {
  const fs::path region_path = assets / "regions" / "twente.json";
  auto region_text = read_text(region_path);
  if (!region_text) {
    return fail(region_text.error() + " (pass --assets with the collector's assets folder)");
  }
  auto region = load_region(region_text.value(), region_path.string());
  if (!region) {
    return fail(region.error().message());
  }
  return std::move(region).value();
}

// What `export` prints is what GET /api/v1/aggregates?checklist=&from=&to=
// &municipality=&domain= shows (month rows, every level): the same tables,
// protected over whole years whatever the filters, the filters only picking
// rows, and for CSV the same renderer (aggregates_csv.h), byte for byte.
int export_counts(const AdminOptions &admin, std::ostream &out, std::ostream &err) {
  auto region = read_region(admin.assets_dir);
  if (!region) {
    err << "veldwijzer-collector: export: " << region.error() << "\n";
    return 1;
  }
  auto loaded_config = load_aggregates_config(admin.assets_dir, region.value());
  if (!loaded_config) {
    err << "veldwijzer-collector: export: " << loaded_config.error() << "\n";
    return 1;
  }
  const AggregatesConfig &config = loaded_config.value();
  auto store = open_collector_store(admin.db_path);
  if (!store) {
    err << "veldwijzer-collector: " << store.error() << "\n";
    return 1;
  }
  // Every count: the protection never depends on the filters.
  auto counts = store.value()->counts({});
  if (!counts) {
    err << "veldwijzer-collector: export: " << counts.error() << "\n";
    return 1;
  }
  const CountFilter &filter = admin.filter;
  const auto known_checklist = [&](const std::string &id) {
    return std::any_of(config.checklists.begin(), config.checklists.end(),
                       [&](const Checklist &c) { return c.id == id; });
  };
  std::map<std::pair<std::string, int>, std::vector<AggregateCell>> groups; // (checklist, year)
  for (const AggregateCell &cell : counts.value()) {
    if (is_period(cell.period) && (filter.checklist.empty() || cell.checklist == filter.checklist)) {
      groups[{cell.checklist, std::stoi(cell.period.substr(0, 4))}].push_back(cell);
    }
  }
  // Asked-for years show zeros even without counts, as the API shows them.
  if (!filter.period_from.empty() && !filter.period_to.empty()) {
    std::vector<std::string> ids;
    if (!filter.checklist.empty()) {
      ids.push_back(filter.checklist);
    } else {
      for (const Checklist &c : config.checklists) {
        ids.push_back(c.id);
      }
    }
    const int first = std::stoi(filter.period_from.substr(0, 4)), last = std::stoi(filter.period_to.substr(0, 4));
    for (const std::string &id : ids) {
      for (int year = first; year <= last; ++year) {
        groups[{id, year}]; // an empty group: a table of zeros
      }
    }
  }
  // A mistyped checklist is an error, not an empty file.
  if (!filter.checklist.empty() && !config.checklists.empty() && !known_checklist(filter.checklist) &&
      std::all_of(groups.begin(), groups.end(), [](const auto &g) { return g.second.empty(); })) {
    std::string known;
    for (const Checklist &c : config.checklists) {
      known += (known.empty() ? "" : ", ") + c.id;
    }
    err << "veldwijzer-collector: export: --checklist: no counts for '" << filter.checklist
        << "', and it is not a known checklist (known: " << known << ")\n";
    return 1;
  }

  std::vector<std::string> codes;
  for (const Municipality &m : config.region.municipalities) {
    codes.push_back(m.code);
  }
  const SuppressionRules rules{config.minimum_cell, config.round_to_5};
  std::vector<std::vector<ViewRow>> table_rows; // PublishedRow points into these
  table_rows.reserve(groups.size());
  std::vector<PublishedRow> selected;
  for (const auto &[key, cells] : groups) {
    const auto &[checklist, year] = key;
    if (cells.empty() && !known_checklist(checklist)) {
      continue; // no counts and no known domains: nothing to show
    }
    std::vector<std::string> domains;
    for (const Checklist &c : config.checklists) {
      if (c.id == checklist) {
        for (const ChecklistDomain &d : c.domains) {
          domains.push_back(d.id);
        }
      }
    }
    auto table = SignalTable::protect(checklist, year, codes, domains, cells, rules);
    if (!table) {
      err << "veldwijzer-collector: export: " << checklist << " " << year << ": " << table.error() << "\n";
      return 1;
    }
    table_rows.push_back(table.value().rows(ViewSpec{}));
    for (const ViewRow &row : table_rows.back()) {
      if ((!filter.period_from.empty() && row.period < filter.period_from) ||
          (!filter.period_to.empty() && row.period > filter.period_to) ||
          (!filter.municipalities.empty() && std::find(filter.municipalities.begin(), filter.municipalities.end(),
                                                       row.area) == filter.municipalities.end()) ||
          (!filter.domain.empty() && row.domain != filter.domain)) {
        continue;
      }
      selected.push_back({checklist, &row});
    }
  }

  if (admin.format == "csv") {
    out << aggregates_csv(selected, kAllMeasures, config);
    return 0;
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const PublishedRow &published : selected) {
    const ViewRow &row = *published.row;
    nlohmann::ordered_json shown = nlohmann::ordered_json::object();
    for (const Measure m : kAllMeasures) {
      const auto &count = row.counts[measure_index(m)];
      shown[std::string(measure_code(m))] = count ? nlohmann::ordered_json(*count) : nullptr;
    }
    rows.push_back({{"checklist", published.checklist},
                    {"period", row.period},
                    {"area", row.area},
                    {"domain", row.domain},
                    {"counts", std::move(shown)}});
  }
  const nlohmann::ordered_json body = {
      {"suppression", {{"minimum_cell", rules.minimum_cell}, {"rounded_to", rules.round_to_5 ? 5 : 1}}},
      {"rows", std::move(rows)}};
  out << body.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
  return 0;
}

int backup(const AdminOptions &admin, std::ostream &out, std::ostream &err) {
  if (is_postgres_url(admin.db_path)) {
    // SQLite's backup API cannot copy a server database; PostgreSQL's own tool can, consistently and live.
    err << "veldwijzer-collector: backup: " << redact_postgres_url(admin.db_path)
        << " is a PostgreSQL database; back it up with pg_dump (pg_dump --format=custom --file=FILE URL)"
           " and restore with pg_restore\n";
    return 1;
  }
  auto copy = backup_sqlite_database(admin.db_path, admin.backup_to, admin.force);
  if (!copy) {
    err << "veldwijzer-collector: backup: " << copy.error() << "\n";
    return 1;
  }
  out << "backed up " << admin.db_path << " to " << admin.backup_to << ": " << copy.value().bytes << " bytes ("
      << copy.value().pages << " pages), integrity_check ok\n";
  return 0;
}

} // namespace

Result<AggregatesConfig> load_aggregates_config(const std::filesystem::path &assets_dir, Region region) {
  AggregatesConfig config;
  config.region = std::move(region);
  const fs::path folder = assets_dir / "checklists";
  std::error_code ec;
  if (fs::is_directory(folder, ec)) {
    auto checklists = load_checklists_for_aggregates(folder);
    if (!checklists) {
      return fail(checklists.error());
    }
    config.checklists = std::move(checklists).value();
  }
  if (auto problem = aggregates_config_problem(config)) {
    return fail(*problem);
  }
  return config;
}

std::string utc_timestamp(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string collector_commands_usage() {
  return collector_usage() +
         "\n"
         "Commands for the admin (run on the server; they open the same database):\n"
         "  enroll-code --org NAME (--municipalities GM0153,GM0164 | --read) [--base-url URL] [--assets DIR]\n"
         "                   print a single-use enrollment code (valid 7 days) and the URL\n"
         "                   <base-url>/#enroll/<code> to open on the tablet or show as a QR code.\n"
         "                   --read (without --municipalities): a read token for the data team, for\n"
         "                   GET /api/v1/aggregates and /dashboard/, instead of a device token.\n"
         "                   The municipalities are checked against the region in --assets.\n"
         "  tokens           list tokens: id, kind, organisation, municipalities, created, last used, revoked\n"
         "  revoke TOKEN_ID  revoke a token; its next request is refused (401)\n"
         "  import-directory FILE [--assets DIR]\n"
         "                   check FILE as the service directory (HSDS 3) with the region and synonyms in\n"
         "                   --assets, as the collector does at start, then install it as\n"
         "                   directory/twente.json atomically; a bad file is refused and nothing changes.\n"
         "                   Restart the collector to serve it.\n"
         "  export [--format csv|json] [--from YYYY-MM] [--to YYYY-MM] [--municipality GM0153,...]\n"
         "         [--checklist ID] [--domain ID] [--assets DIR]\n"
         "                   print what the data team may see: counts per month, municipality and domain\n"
         "                   with small cells suppressed (\".\") as GET /api/v1/aggregates does; the CSV\n"
         "                   is byte for byte the API's ?format=csv for the same filters\n"
         "  backup --to FILE [--force]\n"
         "                   copy the database to FILE with SQLite's online backup API, safe while the\n"
         "                   collector serves (one consistent moment; writers are not blocked), check\n"
         "                   the copy with PRAGMA integrity_check and print its size. An existing FILE is\n"
         "                   refused unless --force. Restore: stop the collector, put the copy at --db.\n"
         "                   For a PostgreSQL --db use pg_dump / pg_restore instead.\n"
         "\n"
         "Commands take --db PATH or postgresql://URL (default " +
         CollectorOptions().db_path + ") like serve.\n";
}

Result<CollectorCommand> parse_collector_command(const std::vector<std::string> &args) {
  CollectorCommand command;
  if (args.empty() || args.front().rfind("-", 0) == 0 || args.front() == "serve") {
    const bool named = !args.empty() && args.front() == "serve";
    auto options = parse_collector_options(std::vector<std::string>(args.begin() + (named ? 1 : 0), args.end()));
    if (!options) {
      return fail(options.error());
    }
    command.serve = options.value();
    if (command.serve.show_help) {
      command.kind = CollectorCommandKind::help;
      command.help_text = collector_commands_usage();
    }
    return command;
  }
  const auto &specs = command_specs();
  const auto spec =
      std::find_if(specs.begin(), specs.end(), [&](const CommandSpec &s) { return args.front() == s.name; });
  if (spec == specs.end()) {
    return fail("unknown command '" + args.front() + "' (see --help)");
  }
  command.kind = spec->kind;
  const std::string name = spec->name;
  std::map<std::string, std::string> values;
  std::set<std::string> switches;
  std::vector<std::string> positionals;
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string flag = args[i];
    if (flag == "--help" || flag == "-h") {
      command.kind = CollectorCommandKind::help;
      command.help_text = collector_commands_usage();
      return command;
    }
    if (flag.rfind("--", 0) != 0) {
      positionals.push_back(flag);
      continue;
    }
    std::string value;
    bool has_value = false;
    if (const auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_value = true;
    }
    if (spec->switches.contains(flag) && !has_value) {
      switches.insert(flag);
      continue;
    }
    if (!spec->value_flags.contains(flag)) {
      return fail(name + ": unknown option '" + args[i] + "' (see --help)");
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        return fail(name + ": " + flag + ": missing value");
      }
      value = args[++i];
    }
    if (value.empty()) {
      return fail(name + ": " + flag + ": empty value");
    }
    values[flag] = value;
  }
  if (positionals.size() != spec->positionals) {
    if (spec->positionals == 0) {
      return fail(name + ": unexpected argument '" + positionals.front() + "' (see --help)");
    }
    return fail(name + ": expected " + spec->positional_name + " (see --help)");
  }

  AdminOptions &admin = command.admin;
  if (values.contains("--db")) {
    admin.db_path = values["--db"];
  }
  if (values.contains("--assets")) {
    admin.assets_dir = values["--assets"];
  }
  switch (command.kind) {
  case CollectorCommandKind::enroll_code: {
    if (!values.contains("--org")) {
      return fail(name + ": --org is required (the organisation the token is for)");
    }
    admin.organisation = values["--org"];
    admin.read_token = switches.contains("--read");
    if (values.contains("--municipalities")) {
      admin.municipalities = split_list(values["--municipalities"]);
    }
    if (admin.read_token && !admin.municipalities.empty()) {
      // The data team reads the whole region's (suppressed) figures; a list
      // here would suggest a restriction that nothing enforces.
      return fail(name + ": --municipalities is for device tokens; a read token reads every municipality");
    }
    if (admin.municipalities.empty() && !admin.read_token) {
      return fail(name + ": --municipalities is required for a device token (CBS codes, like GM0153,GM0164)");
    }
    for (const std::string &code : admin.municipalities) {
      if (!is_municipality_code(code)) {
        return fail(name + ": --municipalities: '" + code + "' is not a CBS code like GM0153");
      }
    }
    if (values.contains("--base-url")) {
      admin.base_url = values["--base-url"];
      if (admin.base_url.rfind("http://", 0) != 0 && admin.base_url.rfind("https://", 0) != 0) {
        return fail(name + ": --base-url must start with http:// or https://, got '" + admin.base_url + "'");
      }
    }
    break;
  }
  case CollectorCommandKind::revoke:
    admin.token_id = positionals.front();
    break;
  case CollectorCommandKind::import_directory:
    admin.file = positionals.front();
    break;
  case CollectorCommandKind::export_counts: {
    if (values.contains("--format")) {
      admin.format = values["--format"];
      if (admin.format != "csv" && admin.format != "json") {
        return fail(name + ": --format must be csv or json, got '" + admin.format + "'");
      }
    }
    for (const char *flag : {"--from", "--to"}) {
      if (values.contains(flag) && !is_period(values[flag])) {
        return fail(name + ": " + flag + " must be a month, YYYY-MM, got '" + values[flag] + "'");
      }
    }
    admin.filter.period_from = values["--from"];
    admin.filter.period_to = values["--to"];
    if (values.contains("--municipality")) {
      admin.filter.municipalities = split_list(values["--municipality"]);
      for (const std::string &code : admin.filter.municipalities) {
        if (!is_municipality_code(code)) {
          return fail(name + ": --municipality: '" + code + "' is not a CBS code like GM0153");
        }
      }
    }
    if (!admin.filter.period_from.empty() && !admin.filter.period_to.empty() &&
        admin.filter.period_from > admin.filter.period_to) {
      return fail(name + ": --from " + admin.filter.period_from + " is after --to " + admin.filter.period_to);
    }
    admin.filter.checklist = values["--checklist"];
    admin.filter.domain = values["--domain"];
    break;
  }
  case CollectorCommandKind::backup:
    // A PostgreSQL --db is refused when run (pg_dump, exit 1), with or without --to.
    if (!values.contains("--to") && !is_postgres_url(admin.db_path)) {
      return fail(name + ": --to FILE is required (where the copy goes)");
    }
    admin.backup_to = values["--to"];
    admin.force = switches.contains("--force");
    break;
  default:
    break;
  }
  return command;
}

int run_admin_command(const CollectorCommand &command, std::ostream &out, std::ostream &err, std::int64_t now) {
  switch (command.kind) {
  case CollectorCommandKind::enroll_code:
    return enroll_code(command.admin, out, err, now);
  case CollectorCommandKind::tokens:
    return list_tokens(command.admin, out, err);
  case CollectorCommandKind::revoke:
    return revoke(command.admin, out, err, now);
  case CollectorCommandKind::import_directory:
    return import_directory(command.admin, out, err);
  case CollectorCommandKind::export_counts:
    return export_counts(command.admin, out, err);
  case CollectorCommandKind::backup:
    return backup(command.admin, out, err);
  case CollectorCommandKind::help:
    out << command.help_text;
    return 0;
  case CollectorCommandKind::serve:
    break;
  }
  err << "veldwijzer-collector: serve is not an admin command\n";
  return 2;
}

} // namespace veldwijzer::collector
