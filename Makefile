# Thin wrapper over CMake/ctest. The two commands of the README:
#   make run    — set up, build, create the Jiaozuo demo database and walk through it
#   make check  — set up, build with ASan+UBSan and run every test
BUILD ?= build
CHECK_BUILD ?= build-check
JOBS ?= $(shell nproc)

.PHONY: all deps build web run check bench clean

all: build

deps:
	@bash scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DSUIJI_TEST_CLOCK=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target suiji

# The web application and public portal (web/ → web/dist, served by `suiji serve`).
web: deps
	@bash scripts/web-build.sh

run: build web
	@bash scripts/run-demo.sh $(BUILD)/suiji

check: deps web
	@cmake -S . -B $(CHECK_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSUIJI_SANITIZE=ON -DSUIJI_DEVELOPER=ON -DSUIJI_TEST_CLOCK=ON >/dev/null
	@cmake --build $(CHECK_BUILD) -j $(JOBS)
	@cd $(CHECK_BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bash scripts/deps.sh bench
	@bash bench/run.sh $(BUILD)/suiji

clean:
	rm -rf $(BUILD) $(CHECK_BUILD)
