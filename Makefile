# test is what CI runs: the end-to-end environment, go vet and every test.
.PHONY: test build demo e2e-up e2e-down

test:
	scripts/test

build:
	go build -o bin/imgaudit ./cmd/imgaudit

demo:
	go run ./cmd/imgaudit --fail-on none testdata/demo.tar

# e2e-up starts the engine and registry with the test images for running
# tests by hand: source /tmp/imgaudit-e2e/env and set IMGAUDIT_E2E=1.
e2e-up:
	scripts/testenv up

e2e-down:
	scripts/testenv down

# bench measures imgaudit on a big generated image against decompressing its
# layers once; see scripts/bench.
.PHONY: bench
bench:
	scripts/bench
