// directory_screens.cpp — the sociale kaart: search with filter chips, and a
// service's detail (call, website, hours, verification status).
#include "veldwijzer/app.h"

#include "veldwijzer/ui_font.h"

#include "imgui.h"

#include <algorithm>

namespace veldwijzer {
namespace {

const ImVec4 kWarning(0.62f, 0.30f, 0.00f, 1.0f); // dark amber: readable on white
const ImVec4 kOpen(0.05f, 0.45f, 0.20f, 1.0f);

// A toggle styled as a chip: filled when on.
bool chip(const char *label, bool &on) {
  if (on) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyle().Colors[ImGuiCol_ButtonActive]);
  }
  const bool pressed = ImGui::Button(label);
  if (on) {
    ImGui::PopStyleColor();
  }
  if (pressed) {
    on = !on;
  }
  return pressed;
}

std::string clock(int minutes) {
  const auto two = [](int n) { return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; };
  return two(minutes / 60) + ":" + two(minutes % 60);
}

} // namespace

const std::vector<SearchHit> &App::results() {
  if (results_dirty_ && data_) {
    SearchQuery q;
    q.text = query_;
    q.preferred_municipality = municipality_;
    q.municipality = filter_everywhere_ ? std::string() : municipality_;
    q.open_now = filter_open_now_;
    q.now = local_now();
    q.always_open_only = filter_always_open_;
    q.audience = filter_professionals_ ? Audience::professionals : Audience::any;
    q.limit = 0;
    results_ = data_->index.search(q);
    results_dirty_ = false;
  }
  return results_;
}

void App::draw_search() {
  if (!data_) {
    ImGui::TextWrapped("%s", t("data.error"));
    return;
  }
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextUnformatted(t("search.title"));
  ImGui::PopFont();

  ImGui::SetNextItemWidth(-FLT_MIN);
  if (focus_query_) {
    // The tap that opened this screen focused a card on the previous one;
    // focus this window first, or the request stays in that card's scope.
    ImGui::SetWindowFocus();
    ImGui::SetKeyboardFocusHere(); // resolves over the next frame or two
  }
  if (ImGui::InputTextWithHint("##query", t("search.hint"), query_, sizeof query_)) {
    results_dirty_ = true; // results follow every keystroke
  }
  if (ImGui::IsItemActive()) {
    focus_query_ = false;
  }
  bool changed = chip(t("search.filter.open_now"), filter_open_now_);
  ImGui::SameLine();
  changed |= chip(t("search.filter.always_open"), filter_always_open_);
  ImGui::SameLine();
  changed |= chip(t("search.filter.professionals"), filter_professionals_);
  if (!municipality_.empty()) {
    ImGui::SameLine();
    changed |= chip(t("search.filter.everywhere"), filter_everywhere_);
  }
  if (changed) {
    results_dirty_ = true;
  }

  const std::vector<SearchHit> &hits = results();
  std::string count = hits.size() == 1 ? std::string(t("search.results_one"))
                                       : fill(t("search.results_many"), std::to_string(hits.size()));
  if (!municipality_.empty() && !filter_everywhere_) {
    count += " " + fill(t("search.in_municipality"), municipality_name(municipality_));
  }
  ImGui::TextDisabled("%s", count.c_str());
  if (hits.empty()) {
    ImGui::TextWrapped("%s", t("search.none"));
    return;
  }

  const LocalTime now = local_now();
  const float row_height = ImGui::GetTextLineHeightWithSpacing() * 2.0f + ImGui::GetStyle().FramePadding.y * 2.0f;
  ImGuiListClipper clipper; // only visible rows cost anything
  clipper.Begin(static_cast<int>(hits.size()), row_height + ImGui::GetStyle().ItemSpacing.y);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const Service &s = *hits[static_cast<std::size_t>(i)].service;
      ImGui::PushID(s.id.c_str());
      const ImVec2 top = ImGui::GetCursorPos();
      if (ImGui::Selectable("##row", false, ImGuiSelectableFlags_AllowOverlap, ImVec2(0.0f, row_height))) {
        show_service(s.id);
      }
      const ImVec2 after = ImGui::GetCursorPos();
      ImGui::SetCursorPos(ImVec2(top.x + ImGui::GetStyle().FramePadding.x, top.y + ImGui::GetStyle().FramePadding.y));
      ImGui::TextUnformatted(s.name.c_str());
      const OpenState state = open_state(s, now);
      if (state != OpenState::unknown) {
        ImGui::SameLine();
        ImGui::TextColored(state == OpenState::open ? kOpen : ImGui::GetStyle().Colors[ImGuiCol_TextDisabled], "· %s",
                           t(state == OpenState::open ? "service.open" : "service.closed"));
      }
      ImGui::SetCursorPosX(top.x + ImGui::GetStyle().FramePadding.x);
      std::string second;
      if (const Organization *org = data_->directory.organization(s.organization_id); org != nullptr) {
        second = org->name;
      }
      if (!s.phones.empty()) {
        second += (second.empty() ? "" : " · ") + s.phones.front().number;
      }
      ImGui::TextDisabled("%s", second.c_str());
      if (s.verified.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(kWarning, "· %s", t("service.unverified"));
      }
      // Back to below the row; an empty item there makes it the row's extent.
      ImGui::SetCursorPos(ImVec2(after.x, after.y - ImGui::GetStyle().ItemSpacing.y));
      ImGui::Dummy(ImVec2(0.0f, 0.0f));
      ImGui::PopID();
    }
  }
}

void App::draw_service() {
  const Service *s = data_ ? data_->directory.service(history_.back().id) : nullptr;
  if (s == nullptr) {
    ImGui::TextWrapped("%s", t("service.not_found"));
    return;
  }
  ImGui::PushFont(ui_fonts().title);
  ImGui::TextWrapped("%s", s->name.c_str());
  ImGui::PopFont();
  if (!s->alternate_name.empty()) {
    ImGui::TextDisabled("%s", s->alternate_name.c_str());
  }
  if (s->verified.empty()) {
    ImGui::TextColored(kWarning, "%s", t("service.unverified"));
  }
  if (!s->unverified_note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kWarning);
    ImGui::TextWrapped("%s", s->unverified_note.c_str());
    ImGui::PopStyleColor();
  }
  const std::string &description =
      language_ == Language::en && !s->description_en.empty() ? s->description_en : s->description;
  ImGui::TextWrapped("%s", description.c_str());
  ImGui::Spacing();

  for (const Phone &phone : s->phones) {
    const std::string label = fill(t("service.call"), phone.number) + "##" + phone.id + phone.number;
    if (ImGui::Button(label.c_str()) && platform_.open_url) {
      std::string digits;
      std::copy_if(phone.number.begin(), phone.number.end(), std::back_inserter(digits),
                   [](char c) { return (c >= '0' && c <= '9') || c == '+'; });
      platform_.open_url("tel:" + digits);
    }
    if (!phone.description.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", phone.description.c_str());
    }
  }
  if (!s->url.empty() && ImGui::Button(t("service.website")) && platform_.open_url) {
    platform_.open_url(s->url);
  }

  ImGui::SeparatorText(t("service.hours"));
  const OpenState state = open_state(*s, local_now());
  if (state != OpenState::unknown) {
    ImGui::TextColored(state == OpenState::open ? kOpen : ImGui::GetStyle().Colors[ImGuiCol_Text], "%s",
                       t(state == OpenState::open ? "service.open" : "service.closed"));
  }
  if (s->always_open()) {
    ImGui::TextUnformatted(t("service.always_open"));
  } else if (s->hours.empty()) {
    ImGui::TextDisabled("%s", t("service.hours_unknown"));
  } else {
    static constexpr const char *kDays[] = {"day.mo", "day.tu", "day.we", "day.th", "day.fr", "day.sa", "day.su"};
    for (const WeeklyHours &h : s->hours) {
      std::string days;
      for (int d = 0; d < 7; ++d) {
        if (h.days & (1u << d)) {
          days += (days.empty() ? "" : ", ") + std::string(t(kDays[d]));
        }
      }
      ImGui::Text("%s  %s–%s", days.c_str(), clock(h.opens_minute).c_str(), clock(h.closes_minute).c_str());
    }
  }
  if (s->holidays() != HolidayPolicy::unknown) {
    ImGui::TextDisabled("%s",
                        t(s->holidays() == HolidayPolicy::open ? "service.holidays_open" : "service.holidays_closed"));
  }

  ImGui::SeparatorText(t("service.for_whom"));
  if (!s->eligibility.empty()) {
    ImGui::TextWrapped("%s", s->eligibility.c_str());
  }
  if (s->professional_line) {
    ImGui::TextUnformatted(t("service.professional_line"));
  }
  if (s->prenatal || s->minimum_age_months || s->maximum_age_months) {
    const auto age = [&](int months) {
      return months % 12 == 0 ? fill(t("age.years"), std::to_string(months / 12))
                              : fill(t("age.months"), std::to_string(months));
    };
    std::string range = s->prenatal             ? std::string(t("age.prenatal"))
                        : s->minimum_age_months ? age(*s->minimum_age_months)
                                                : std::string("0");
    if (s->maximum_age_months) {
      range += " – " + age(*s->maximum_age_months);
    }
    ImGui::TextUnformatted(fill(t("service.ages"), range).c_str());
  }
  std::string area;
  if (s->municipalities.size() == data_->region.municipalities.size()) {
    area = t("service.area_all");
  } else {
    for (const std::string &code : s->municipalities) {
      area += (area.empty() ? "" : ", ") + municipality_name(code);
    }
  }
  ImGui::TextWrapped("%s: %s", t("service.area"), area.c_str());
  if (const Organization *org = data_->directory.organization(s->organization_id); org != nullptr) {
    ImGui::TextWrapped("%s: %s", t("service.organization"), org->name.c_str());
  }

  ImGui::SeparatorText(t("service.sources"));
  for (const std::string &source : s->sources) {
    ImGui::TextWrapped("%s", source.c_str());
  }
  if (!s->verified.empty()) {
    ImGui::TextDisabled("%s", fill(t("service.verified_on"), s->verified).c_str());
  }
}

} // namespace veldwijzer
