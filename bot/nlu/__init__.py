"""Norwegian language processing: spaCy backend and custom Rasa NLU components."""
