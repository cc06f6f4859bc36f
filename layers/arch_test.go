package layers

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImports guards the architecture: the walker reads tar streams and
// knows nothing of the command line or the report.
func TestImports(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list dependencies with")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("listing dependencies: %v", err)
	}

	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{
			"github.com/spf13/cobra", "github.com/imgaudit/imgaudit/report",
			"github.com/imgaudit/imgaudit/cmd",
		} {
			if dep == banned || strings.HasPrefix(dep, banned+"/") {
				t.Errorf("layers depends on %s", dep)
			}
		}
	}
}
