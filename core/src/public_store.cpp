// public_store.cpp — the public file opened, or moved aside and made again when damaged.
#include "veldwijzer/public_store.h"

#include <filesystem>
#include <system_error>
#include <utility>

namespace veldwijzer {
namespace {

// The problems that say the file itself is unusable and rebuilding loses
// only what it held. See public_store.h for those that are refused.
bool is_damage(StoreProblem problem) {
  return problem == StoreProblem::not_a_database || problem == StoreProblem::foreign_database;
}

// Moves the file and whatever SQLite keeps beside it to the damaged name. A
// hot journal left at the old name would be played back into the new file.
std::error_code move_aside(const std::string &path) {
  const std::string damaged = damaged_public_path(path);
  for (const char *suffix : {"", "-journal", "-wal", "-shm"}) {
    std::error_code error;
    // An older damaged copy and its journal go first: they do not belong to the new one.
    std::filesystem::remove(damaged + suffix, error);
    if (error) {
      return error;
    }
    if (!std::filesystem::exists(path + suffix, error)) {
      if (error) {
        return error;
      }
      continue;
    }
    std::filesystem::rename(path + suffix, damaged + suffix, error);
    if (error) {
      return error;
    }
  }
  return {};
}

} // namespace

std::string damaged_public_path(const std::string &path) {
  return path + ".damaged";
}

Result<PublicStore, StoreError> open_public_store(const std::string &path) {
  auto opened = LocalStore::open(path); // closed again before returning a refusal
  if (opened) {
    return PublicStore{std::move(opened).value(), std::nullopt};
  }
  StoreError damage = opened.error();
  if (!is_damage(damage.problem)) {
    return fail(std::move(damage));
  }
  if (const std::error_code moved = move_aside(path)) {
    damage.detail += "; could not move it aside: " + moved.message();
    return fail(std::move(damage));
  }
  auto fresh = LocalStore::open(path);
  if (!fresh) {
    StoreError error = fresh.error();
    error.detail = "rebuilding after \"" + damage.detail + "\": " + error.detail;
    return fail(std::move(error));
  }
  return PublicStore{std::move(fresh).value(), std::move(damage)};
}

} // namespace veldwijzer
