package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// secretsLimit bounds one run on the secret image.
const secretsLimit = time.Minute

// window is the shortest piece of a secret that counts as showing it: a
// mask may show the first two characters.
const window = 6

// TestSecretsNeverShown audits an image that carries secrets in its
// environment, build arguments, files and a deleted file, in every report
// format, as a baseline and in a comparison, and wants no stdout, stderr
// or report file to hold any piece of any secret, while the findings say
// each secret is there.
func TestSecretsNeverShown(t *testing.T) {
	bin := buildTool(t, ".")
	img := secretImage(t)
	checkFound(t, bin, img)

	out := filepath.Join(t.TempDir(), "report.html")
	runs := [][]string{
		{"--format", "table", img}, {"--format", "json", img}, {"--format", "sarif", img},
		{"--format", "junit", img}, {"--format", "markdown", img}, {"--format", "html", img},
		{"--format", "html", "-o", out, img},
		{"baseline", img},
		{"diff", img, img}, {"diff", "--format", "json", img, img},
		{"diff", "--format", "markdown", img, img},
	}
	for _, args := range runs {
		t.Run(strings.Join(args[:len(args)-1], " "), func(t *testing.T) {
			o := runIsolated(t, secretsLimit, []string{"NO_COLOR=1"}, bin, args...)
			if o.code == 2 {
				t.Fatalf("could not audit: %s", o.stderr)
			}
			assertNoSecret(t, "stdout", o.stdout)
			assertNoSecret(t, "stderr", o.stderr)
			if b, err := os.ReadFile(out); err == nil {
				assertNoSecret(t, "the report file", string(b))
				os.Remove(out)
			}
		})
	}
}

// checkFound fails the test unless the JSON report has a finding for each
// place a secret was planted: a test that sees no secret proves nothing.
func checkFound(t *testing.T, bin, img string) {
	t.Helper()
	o := runIsolated(t, secretsLimit, nil, bin, "--format", "json", img)
	var rep struct {
		Findings []struct {
			Check, Path, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(o.stdout), &rep); err != nil {
		t.Fatalf("decoding the JSON report: %v\n%s", err, o.stderr)
	}
	found := map[string]bool{}
	for _, f := range rep.Findings {
		if f.Check == "secret-build-arg" {
			found[f.Check+" "+strings.Fields(f.Message)[2]] = true
		}
		found[f.Check] = true
		found[f.Check+" "+f.Path] = true
		found[f.Check+" "+f.Message] = true
	}
	for _, want := range []string{"secret-env", "secret-build-arg NPM_TOKEN=np…(40",
		"secret-build-arg GITHUB_TOKEN=gh…(40", "env-file /app/.env",
		"secret-file /root/.npmrc", "secret-file /root/.ssh/id_ed25519",
		"secret-file /root/.git-credentials", "secret-deleted /app/.env.deploy"} {
		if !found[want] {
			t.Errorf("no %s finding; the report found %d findings", want, len(rep.Findings))
		}
	}
}

// assertNoSecret fails the test when text holds any window-long piece of
// a planted secret, naming the secret but not its value.
func assertNoSecret(t *testing.T, where, text string) {
	t.Helper()
	for place, secret := range planted {
		for i := 0; i+window <= len(secret); i++ {
			if strings.Contains(text, secret[i:i+window]) {
				t.Errorf("%s shows part of the %s secret (characters %d to %d)",
					where, place, i, i+window)
				break
			}
		}
	}
}
