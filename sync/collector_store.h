// collector_store.h — where the collector keeps what it receives.
//
// The server talks to this interface only, so a PostgreSQL store can sit
// beside the SQLite one later. open_sqlite_collector_store() is the default:
// one file, WAL mode, schema versioned and migrated forward.
#pragma once

#include "veldwijzer/result.h"

#include <memory>
#include <string>

namespace veldwijzer::collector {

struct StoreHealth {
  bool ok = false;
  std::string engine; // "sqlite 3.53.0"
  int schema_version = 0;
  std::string problem; // why not ok
};

class CollectorStore {
public:
  virtual ~CollectorStore() = default;
  // A cheap round trip to the database, for /healthz.
  virtual StoreHealth health() = 0;
};

Result<std::unique_ptr<CollectorStore>> open_sqlite_collector_store(const std::string &path);

} // namespace veldwijzer::collector
