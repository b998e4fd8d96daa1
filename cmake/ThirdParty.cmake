# Targets for third-party source that script/setup fetched into third_party/.
# They are compiled with our flags for the platform but without our warnings.
set(tp "${VELDWIJZER_THIRD_PARTY}")
foreach(f imgui/imgui.h catch2/catch_amalgamated.hpp sqlite/sqlite3.c json/include/nlohmann/json.hpp fonts/NotoSans-Veldwijzer.ttf)
  if(NOT EXISTS "${tp}/${f}")
    message(FATAL_ERROR "${tp}/${f} is missing: run script/setup first")
  endif()
endforeach()

# Dear ImGui (core only; backends are picked by the platform layer).
add_library(imgui STATIC
  ${tp}/imgui/imgui.cpp ${tp}/imgui/imgui_draw.cpp
  ${tp}/imgui/imgui_tables.cpp ${tp}/imgui/imgui_widgets.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${tp}/imgui)
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS
  # Item hooks for the accessibility tree; app/src/ui_snapshot.cpp implements them.
  IMGUI_ENABLE_TEST_ENGINE)
if(EMSCRIPTEN)
  target_compile_options(imgui PRIVATE -Os) # size first; the app draws little per frame
  # The metrics window, debug log and item picker are developer tools: not in the download.
  target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_DEBUG_TOOLS)
endif()
if(NOT EMSCRIPTEN)
  # Natively the screens run under tests: keep ImGui's IM_ASSERT checks live
  # even in optimised builds, so API misuse fails a test instead of passing.
  target_compile_options(imgui PUBLIC -UNDEBUG)
endif()

# SQLite amalgamation: the same engine in the browser and in the collector.
add_library(sqlite3 STATIC ${tp}/sqlite/sqlite3.c)
target_include_directories(sqlite3 SYSTEM PUBLIC ${tp}/sqlite)
target_compile_definitions(sqlite3 PRIVATE
  SQLITE_DQS=0 SQLITE_OMIT_LOAD_EXTENSION SQLITE_OMIT_DEPRECATED SQLITE_OMIT_SHARED_CACHE
  SQLITE_DEFAULT_MEMSTATUS=0 SQLITE_LIKE_DOESNT_MATCH_BLOBS SQLITE_USE_ALLOCA
  SQLITE_DEFAULT_FOREIGN_KEYS=1)
if(EMSCRIPTEN)
  # SQLite is most of the download: optimise it for size whatever the build type.
  target_compile_options(sqlite3 PRIVATE -Os)
  # One thread in the browser; the collector is multi-threaded. The device
  # uses none of the SQL JSON functions, UTF-16 APIs, tracing or progress
  # callbacks: leaving them out saves download (options that don't touch the
  # parser, so they are safe with the amalgamation).
  target_compile_definitions(sqlite3 PRIVATE SQLITE_THREADSAFE=0 SQLITE_OMIT_WAL=0
    SQLITE_OMIT_JSON SQLITE_OMIT_UTF16 SQLITE_OMIT_PROGRESS_CALLBACK SQLITE_OMIT_COMPLETE
    SQLITE_OMIT_DECLTYPE SQLITE_OMIT_GET_TABLE SQLITE_OMIT_COMPILEOPTION_DIAGS SQLITE_OMIT_DESERIALIZE
    SQLITE_OMIT_TCL_VARIABLE SQLITE_OMIT_INTROSPECTION_PRAGMAS)
else()
  find_package(Threads REQUIRED)
  target_compile_definitions(sqlite3 PRIVATE SQLITE_THREADSAFE=1)
  target_link_libraries(sqlite3 PUBLIC Threads::Threads ${CMAKE_DL_LIBS} m)
endif()

add_library(nlohmann_json INTERFACE)
target_include_directories(nlohmann_json SYSTEM INTERFACE ${tp}/json/include)

# Catch2 v3 amalgamation; built for native and for wasm alike.
add_library(catch2 STATIC ${tp}/catch2/catch_amalgamated.cpp)
target_include_directories(catch2 SYSTEM PUBLIC ${tp}/catch2)
if(EMSCRIPTEN)
  # Catch2 unwinds a failed REQUIRE with an exception: let wasm catch it.
  target_compile_options(catch2 PUBLIC -fexceptions)
  target_link_options(catch2 PUBLIC -fexceptions)
endif()

set(VELDWIJZER_FONT "${tp}/fonts/NotoSans-Veldwijzer.ttf")
