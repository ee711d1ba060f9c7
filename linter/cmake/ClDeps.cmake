# Every dependency as an imported target. scripts/install-deps.sh installs them (Debian).
find_package(PkgConfig REQUIRED)
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)                                 # Threads::Threads
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)   # PkgConfig::PCRE2
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET yaml-0.1)      # PkgConfig::YAML
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n) # PkgConfig::ICU
find_package(LibXml2 REQUIRED)                                 # LibXml2::LibXml2
# libzip 1.7.3's CMake config references /usr/bin/zipcmp (package libzip-tools): use pkg-config.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)      # PkgConfig::LIBZIP
if(BUILD_TESTING)
  # cmocka 1.1.5's CMake config defines no target: use pkg-config.
  pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)    # PkgConfig::CMOCKA
endif()
