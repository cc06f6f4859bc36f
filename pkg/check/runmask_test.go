package check

import "testing"

func TestMaskCommand(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"nothing to mask", "/bin/sh -c apt-get update && apt-get install -y curl",
			"/bin/sh -c apt-get update && apt-get install -y curl"},
		{"URL without a password", "pip install --index-url https://pypi.org/simple x",
			"pip install --index-url https://pypi.org/simple x"},
		{"URL password", "git clone https://ci:s3cr3t-value@git.example.com/a.git",
			"git clone https://ci:s3…(12 chars)@git.example.com/a.git"},
		{"URL password from a variable", "git clone https://oauth2:${TOKEN}@gitlab.com/a.git",
			"git clone https://oauth2:${TOKEN}@gitlab.com/a.git"},
		{"bearer header", `curl -H "Authorization: Bearer abcdefgh" https://x`,
			`curl -H "Authorization: Bearer ab…(8 chars)" https://x`},
		{"token header", "curl --header 'PRIVATE-TOKEN: abcdefgh' https://x",
			"curl --header 'PRIVATE-TOKEN: ab…(8 chars)' https://x"},
		{"harmless header", `curl -H "Accept: application/json" https://x`,
			`curl -H "Accept: application/json" https://x`},
		{"curl user", "curl -u admin:s3cr3t-value -O https://x",
			"curl -u admin:s3…(12 chars) -O https://x"},
		{"npm config set", "npm config set //registry.npmjs.org/:_authToken abcdefgh && npm ci",
			"npm config set //registry.npmjs.org/:_authToken ab…(8 chars) && npm ci"},
		{"npm key from a variable", `npm config set //r.example/:_authToken "${NPM_TOKEN}"`,
			`npm config set //r.example/:_authToken "${NPM_TOKEN}"`},
		{"variable for one command", "NPM_TOKEN=abcdefgh  npm ci",
			"NPM_TOKEN=ab…(8 chars)  npm ci"},
		{"masked already", "ENV DB_PASSWORD=hu…(12 chars)", "ENV DB_PASSWORD=hu…(12 chars)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := maskCommand(tt.in); got != tt.want {
				t.Errorf("maskCommand(%q)\n = %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
