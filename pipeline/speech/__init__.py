"""Speech: voice profiles, the spoken form of the text, synthesis, mastering and companions."""
