package source

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMain keeps every test away from the machine's Docker daemon and
// Docker config: DOCKER_HOST names a socket nothing listens on and
// DOCKER_CONFIG an empty folder, unless a test sets its own.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "source-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}

	os.Setenv("DOCKER_HOST", "unix://"+filepath.Join(dir, "docker.sock"))
	os.Setenv("DOCKER_CONFIG", dir)
	code := m.Run()

	os.RemoveAll(dir)
	os.Exit(code)
}
