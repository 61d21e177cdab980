// A comment left open swallows the rest of the file, closing braces included.
// The one error is the comment; the braces it hid are not reported as well.
int counter;
void bump(void) {
  counter = counter + 1; /* the fix goes here
}
int main(void) { bump(); return 0; }
