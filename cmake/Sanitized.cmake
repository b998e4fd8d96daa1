# cmake/Sanitized.cmake — per-target exceptions for the sanitize and fuzz
# presets, which include this file with CMAKE_PROJECT_INCLUDE. The sanitizer
# flags themselves are in CMakePresets.json and apply to every target; what
# changes here is only how much the optimiser does, to keep CI time down
# (at -O1 under ASan + UBSan compiling is about twice as slow as at -O0).
#
# - Catch2's amalgamation compiles at -O0 and stays sanitized.
# - SQLite (with SQLite3 Multiple Ciphers) is third-party code we do not
#   change: in the sanitize build it compiles at -O1 without instrumentation.
#   Sanitized at -O0 one key derivation (PBKDF2, 256 000 rounds) took 8 s, and
#   every test device derives keys; uninstrumented its calls into our code
#   and its malloc/free are still checked. In the fuzz build it stays at -O0
#   with no coverage instrumentation: its branches are not what the harnesses
#   explore, and they would dilute libFuzzer's feedback.
# - sanitize: the test executables' own code compiles at -O0 (core, app and
#   sync, the code under test, stay at -O1), except aggregates_tests, whose
#   suppression proof computes in the test itself and would run twice as long.
#   Benchmarks are not built: they are not run under sanitizers.
function(veldwijzer_sanitized_exceptions)
  if(TARGET sqlite3)
    if(VELDWIJZER_FUZZ)
      target_compile_options(sqlite3 PRIVATE -O0 -fno-sanitize=fuzzer-no-link)
    else()
      target_compile_options(sqlite3 PRIVATE -O1 -fno-sanitize=address,undefined)
    endif()
  endif()
  if(TARGET argon2)
    # Argon2 too: thirty-odd MiB of memory-hard work per unlock, uninstrumented.
    if(VELDWIJZER_FUZZ)
      target_compile_options(argon2 PRIVATE -fno-sanitize=fuzzer-no-link,address,undefined)
    else()
      target_compile_options(argon2 PRIVATE -fno-sanitize=address,undefined)
    endif()
  endif()
  if(TARGET catch2)
    target_compile_options(catch2 PRIVATE -O0)
  endif()
  if(VELDWIJZER_FUZZ)
    return()
  endif()
  foreach(dir tests/core tests/app tests/sync)
    get_directory_property(targets DIRECTORY "${CMAKE_SOURCE_DIR}/${dir}" BUILDSYSTEM_TARGETS)
    foreach(target IN LISTS targets)
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "EXECUTABLE" AND NOT target STREQUAL "aggregates_tests")
        target_compile_options(${target} PRIVATE -O0)
      endif()
    endforeach()
  endforeach()
  get_directory_property(benches DIRECTORY "${CMAKE_SOURCE_DIR}/bench" BUILDSYSTEM_TARGETS)
  if(benches)
    set_target_properties(${benches} PROPERTIES EXCLUDE_FROM_ALL ON)
  endif()
endfunction()
# Deferred to the end of the top-level CMakeLists.txt, when the targets exist.
cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL veldwijzer_sanitized_exceptions)
