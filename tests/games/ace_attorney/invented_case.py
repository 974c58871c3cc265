"""An invented first case for the fake Ace Attorney (none of the game's script): "The Stopped Clock".

The same data make the synthetic Orak checkout the tests give the env (speaker ids, code names, the
lines each task starts, scores, ends and fails on) and drive the fake plugin's scenes.
"""

from __future__ import annotations

SPEAKERS = {
    "0": "System Description",
    "2": "Rowan Vale",
    "7": "Ada Marsh",
    "8": "Judge",
    "10": "Silas Crane",
    "26": "Otto Brisk",
}
NICKNAMES = {
    "Alias": ["Rowan Vale", "R. Vale", "Rowan", "Vale"],
    "Bravo": ["Ada Marsh", "A. Marsh", "Ada", "Marsh"],
    "Charlie": ["Silas Crane", "S. Crane", "Silas", "Crane"],
    "Echo": ["Otto Brisk", "O. Brisk", "Otto", "Brisk"],
}
CHECKER = {
    "multiple_choice_idx": 0,
    "multiple_choice": "Quite right.",
    "multiple_choice_start": "Let us begin with a few plain questions, Mr. Vale.",
    "multiple_choice_end": "That will do. The trial may proceed.",
    "cross_examination_1_idx": 1,
    "cross_examination_1": "The hall clock had stopped at nine, Mr. Brisk!",
    "cross_examination_1_start": "Witness, you may begin your testimony.",
    "cross_examination_1_end": "The hall clock had stopped at nine, Mr. Brisk!",
    "cross_examination_1_fail": "The court has heard quite enough!",
    "cross_examination_2_idx": 2,
    "cross_examination_2": "There was no ferry that night!",
    "cross_examination_2_start": "Tell the court what you saw next.",
    "cross_examination_2_end": "There was no ferry that night!",
    "cross_examination_2_fail": "The court has heard quite enough!",
    "cross_examination_3_idx": 3,
    "cross_examination_3": "Your own badge says otherwise!",
    "cross_examination_3_start": "One last time, witness.",
    "cross_examination_3_end": "Your own badge says otherwise!",
    "cross_examination_3_fail": "The court has heard quite enough!",
}
EVIDENCE = [
    {"id": "01", "name": "Attorney's Badge", "desc": "Proof that Rowan Vale may argue in court."},
    {"id": "02", "name": "Ferry Timetable", "desc": "The last ferry left at 6 PM; none ran after the storm."},
    {"id": "03", "name": "Hall Clock", "desc": "Stopped at 9:00 PM when the storm cut the power."},
]
PROFILES = [
    {"id": "p1", "name": "Ada Marsh", "desc": "Rowan's mentor at the Marsh Law Offices."},
    {"id": "p2", "name": "Otto Brisk", "desc": "A lamp seller; the prosecution's witness."},
]
#: (question, options, number of the right option)
QUESTIONS = [
    ("Who stands accused in this trial?", ["Otto Brisk", "Ada Marsh's client", "Silas Crane"], 2),
    ("What was found at the scene?", ["A broken umbrella", "A stopped clock", "A ferry ticket"], 2),
    ("Where did the incident take place?", ["The lighthouse", "The harbour hall", "The ferry"], 2),
]
#: Per cross-examination: title card, statements, what pressing each yields, and the contradiction
#: (statement index, evidence id). The scripted baseline finds 2 and 3 and runs out of patience on 1.
TESTIMONIES = {
    1: {
        "title": "-- What I Heard --",
        "statements": [
            "I heard the shot at half past nine.",
            "I looked at the hall clock to be sure.",
            "It said half past nine, plain as day.",
        ],
        "press": ["I was by the door.", "The clock is big, you can't miss it.", "I've got good eyes, I have."],
        "contradiction": (2, "03"),
    },
    2: {
        "title": "-- After the Shot --",
        "statements": ["I ran to the harbour.", "I saw a man board the late ferry."],
        "press": ["It's close by.", "A tall man, in a hurry."],
        "contradiction": (1, "02"),
    },
    3: {
        "title": "-- Who I Am --",
        "statements": ["I never saw the defence before today.", "I don't know any lawyers."],
        "press": ["Never!", "Not a one."],
        "contradiction": (0, "01"),
    },
}
PRIOR = {
    "multiple_choice": [("8", "Court is now in session."), ("7", "Stay calm, Rowan. Answer clearly.")],
    "cross_examination_1": [("10", "The prosecution calls Otto Brisk."), ("26", "Evening, all.")],
    "cross_examination_2": [("8", "Continue, witness."), ("2", "(He is hiding something.)")],
    "cross_examination_3": [("7", "Look at his badge, Rowan."), ("8", "Proceed.")],
}
PATIENCE = 5
