"""Lead introduction: the replies people send to our emails, cleaned and read for intent."""
