// postgres_collector_store.h — the collector's store on PostgreSQL (libpq).
//
// The same CollectorStore as the SQLite file, for a region that outgrows one
// file or runs several collector processes on one database:
//
//   auto store = open_postgres_collector_store("postgresql://collector@db.example/veldwijzer");
//
// The schema (tables enrollment_codes, tokens, reports, counts, meta and
// collector_schema) is created on first start in the connection's current
// schema (search_path) and migrated forward only, under an advisory lock so
// collectors starting together do not race. A report is counted exactly once
// even when several processes receive it at the same time: its id is claimed
// with INSERT ... ON CONFLICT DO NOTHING in the same transaction as the count
// upserts. Values are always bound parameters ($1 ...).
#pragma once

#include "collector_store.h"

#include <string>
#include <string_view>

namespace veldwijzer::collector {

// True for a --db value that names a PostgreSQL database (postgresql:// or
// postgres://); anything else is a SQLite file path.
bool is_postgres_url(std::string_view db);

// The URL with any password replaced by "***", for logs and messages.
std::string redact_postgres_url(std::string_view url);

// Connects once to check the server and create or migrate the schema; the
// error says why (cannot connect, someone else's table, newer schema).
// Worker threads then borrow connections from a small pool.
Result<std::unique_ptr<CollectorStore>> open_postgres_collector_store(const std::string &url, UpsertFault fault = {});

// The store a --db value names: PostgreSQL for a postgresql:// URL, else SQLite.
Result<std::unique_ptr<CollectorStore>> open_collector_store(const std::string &db, UpsertFault fault = {});

} // namespace veldwijzer::collector
