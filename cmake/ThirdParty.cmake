# Targets for third-party source that script/setup fetched into third_party/.
# They are compiled with our flags for the platform but without our warnings.
set(tp "${VELDWIJZER_THIRD_PARTY}")
foreach(f imgui/imgui.h catch2/catch_amalgamated.hpp sqlite/sqlite3.c argon2/include/argon2.h json/include/nlohmann/json.hpp fonts/NotoSans-Veldwijzer.ttf)
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

# SQLite amalgamation with SQLite3 Multiple Ciphers (script/setup): the same
# engine in the browser and in the collector; only the device sets a key.
add_library(sqlite3 STATIC ${tp}/sqlite/sqlite3.c)
target_include_directories(sqlite3 SYSTEM PUBLIC ${tp}/sqlite)
target_compile_definitions(sqlite3 PRIVATE
  SQLITE_DQS=0 SQLITE_OMIT_LOAD_EXTENSION SQLITE_OMIT_DEPRECATED SQLITE_OMIT_SHARED_CACHE
  SQLITE_DEFAULT_MEMSTATUS=0 SQLITE_LIKE_DOESNT_MATCH_BLOBS SQLITE_USE_ALLOCA
  SQLITE_DEFAULT_FOREIGN_KEYS=1
  # SQLite3 Multiple Ciphers: only ChaCha20-Poly1305 (sqleet's scheme), on the
  # device and in the collector alike. One cipher everywhere is simpler to
  # reason about, and every other cipher is download the browser never uses.
  # Its optional extensions (CSV, regexp, series, ...) are opt-in and stay off.
  # SQLITE3MC_SECURE_MEMORY stays off: the cipher already wipes its own key
  # material when freed; that option would wipe every allocation SQLite frees.
  HAVE_CIPHER_AES_128_CBC=0 HAVE_CIPHER_AES_256_CBC=0 HAVE_CIPHER_SQLCIPHER=0
  HAVE_CIPHER_RC4=0 HAVE_CIPHER_ASCON128=0 HAVE_CIPHER_AEGIS=0 HAVE_CIPHER_CHACHA20=1
  CODEC_TYPE=CODEC_TYPE_CHACHA20 SQLITE3MC_OMIT_AES_HARDWARE_SUPPORT=1)
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

# Argon2id for the records vault's key (issue #22): the PHC reference code
# from Debian's argon2 source package. One lane, so no threads; natively the
# SSE2 code (every x86-64 has it), in wasm the portable reference code.
# Always optimised: one unlock is tens of MiB of memory-hard work, and at -O0
# the tests and the unlock budget would measure the compiler, not Argon2.
if(EMSCRIPTEN OR NOT CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  set(argon2_fill ${tp}/argon2/src/ref.c)
else()
  set(argon2_fill ${tp}/argon2/src/opt.c)
endif()
add_library(argon2 STATIC
  ${tp}/argon2/src/argon2.c ${tp}/argon2/src/core.c ${tp}/argon2/src/encoding.c
  ${tp}/argon2/src/blake2/blake2b.c ${argon2_fill})
target_include_directories(argon2 SYSTEM PUBLIC ${tp}/argon2/include)
target_include_directories(argon2 PRIVATE ${tp}/argon2/src)
target_compile_definitions(argon2 PRIVATE ARGON2_NO_THREADS)
target_compile_options(argon2 PRIVATE -O2)

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
