// referral_routes.h — from a signal to steps and the services to call.
//
// Routes are data (assets/routes/routes.json). A step names services by id, or
// by role: "@wijkteam" (the chosen municipality's front door) and "@welzijn"
// (its welfare organisation). resolve_route() turns those into the services
// of one municipality; a step whose role has no service there says so,
// rather than silently showing nothing.
#pragma once

#include "veldwijzer/directory.h"
#include "veldwijzer/translations.h"

#include <string>
#include <string_view>
#include <vector>

namespace veldwijzer {

struct LocalizedText {
  std::string nl;
  std::string en;
  const std::string &in(Language language) const { return language == Language::en ? en : nl; }
};

struct RouteStep {
  LocalizedText text;
  std::vector<std::string> service_refs; // service ids or @wijkteam / @welzijn
};

struct ReferralRoute {
  std::string id;
  LocalizedText title;
  LocalizedText summary;
  bool acute = false; // shown above everything else
  std::vector<std::string> topics;
  std::vector<RouteStep> steps;
};

struct ReferralRoutes {
  std::vector<ReferralRoute> routes;
  const ReferralRoute *find(std::string_view id) const;
};

Result<ReferralRoutes, LoadError> load_routes(std::string_view json_text, std::string_view file_name,
                                              const Directory &directory);

struct ResolvedStep {
  const RouteStep *step = nullptr;
  std::vector<const Service *> services;
  std::vector<std::string> unresolved_roles; // roles with no service in this municipality
  bool outside_municipality = false;         // the named services all serve other municipalities
};

std::vector<ResolvedStep> resolve_route(const ReferralRoute &route, const Directory &directory,
                                        std::string_view municipality);

} // namespace veldwijzer
