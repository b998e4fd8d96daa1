// directory.cpp — lookups on the directory model.
#include "veldwijzer/directory.h"

#include <algorithm>

namespace veldwijzer {

std::string LoadError::message() const {
  std::string out = file;
  if (!json_path.empty()) {
    out += (out.empty() ? "" : " ") + json_path;
  }
  return out + ": " + reason;
}

const Municipality *Region::find(std::string_view code) const {
  for (const Municipality &m : municipalities) {
    if (m.code == code) {
      return &m;
    }
  }
  return nullptr;
}

bool Service::has_term(std::string_view term) const {
  return std::find(terms.begin(), terms.end(), term) != terms.end();
}

bool Service::covers(std::string_view code) const {
  return std::find(municipalities.begin(), municipalities.end(), code) != municipalities.end();
}

HolidayPolicy Service::holidays() const {
  if (has_term("holidays-open")) {
    return HolidayPolicy::open;
  }
  if (has_term("holidays-closed")) {
    return HolidayPolicy::closed;
  }
  return HolidayPolicy::unknown;
}

bool Service::always_open() const {
  std::uint8_t days = 0;
  for (const WeeklyHours &h : hours) {
    if (h.opens_minute == 0 && h.closes_minute == 24 * 60) {
      days |= h.days;
    }
  }
  return days == 0x7F;
}

namespace {
template <class T> const T *find_by_id(const std::vector<T> &items, std::string_view id) {
  for (const T &item : items) {
    if (item.id == id) {
      return &item;
    }
  }
  return nullptr;
}
} // namespace

const Service *Directory::service(std::string_view id) const {
  return find_by_id(services, id);
}
const Organization *Directory::organization(std::string_view id) const {
  return find_by_id(organizations, id);
}
const TaxonomyTerm *Directory::term(std::string_view id) const {
  return find_by_id(terms, id);
}

} // namespace veldwijzer
