"""The application API: one function per thing a user does (import, score, report, leads,
export, people, plan, train...). The CLI and the HTTP service both parse their input, call
one of these with a `Session`, and render what it returns; no domain work lives above this
layer."""
