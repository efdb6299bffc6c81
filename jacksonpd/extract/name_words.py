"""The words around names: titles, the words that are not names, the words that end a place.

The extractor's vocabulary for people, apart from the patterns that use it (:mod:`.names`):
long lists a reader adds to (a new title word, a new outlet) without touching the logic.
"""

from __future__ import annotations

__all__ = ["CAP_WORD", "MODIFIERS", "NOT_NAMES", "NOT_PERSON_WORDS", "TITLE_WORDS"]

#: The words of a title before a name ("chief", "spokeswoman", "Sgt."), a regex alternative.
TITLE_WORDS = (
    "lt\\.\\sgov\\.|lieutenant\\sgovernor|chief\\sof\\spolice|chief|mayor|sheriff|commissioner|member|president|superintendent|monitor|administrator|organizer|"
    "resident|spokeswoman|spokesman|spokesperson|attorney|supervisor|director|deputy|officer|sergeant|"
    "sgt\\.|lieutenant|lt\\.|col\\.|colonel|maj\\.|major|cmdr\\.|captain|capt\\.|detective|judge|governor|gov\\.|senator|sen\\.|representative|"
    "rep\\.|councilman|councilwoman|councilor|professor|prof\\.|dr\\.|rev\\.|reverend|pastor|chairman|chairwoman|"
    "chair|activist|lawyer|coordinator|manager|investigator|trooper|agent|advocate|leader|executive|"
    "coroner|prosecutor|inspector|commander|marshal|constable|secretary|treasurer|clerk|minister|bishop|"
    "student|teacher|witness|neighbor|owner|analyst|researcher|economist|founder|mother|father|sister|"
    "brother|son|daughter|aunt|uncle|cousin|widow|chancellor|provost|alderman|alderwoman|corporal|cpl\\.|"
    "counsel|dispatcher|supervisors|councilmember|auditor|comptroller|solicitor|ombudsman|warden|magistrate"
)
#: Lowercase words before a title word that belong to the title ("police" in "police chief").
MODIFIERS = (
    "body|union|police|community|city|county|state|assistant|deputy|district|interim|acting|former|"
    "executive|senior|general|public|information|metro|council|school|board|department|fire|civil|"
    "rights|local|longtime|retired|chief|the|of|a"
)
#: A capitalised word ("Jackson", "O'Bannon", "St."), as part of a title or a name.
CAP_WORD = r"[A-Z][A-Za-z'’.-]*"
# Words that begin or end a run of capitalised words without being part of a name ("The",
# "Monday", "Police").
NOT_NAMES = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "As",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "From",
        "For",
        "With",
        "Without",
        "By",
        "To",
        "Of",
        "He",
        "She",
        "They",
        "It",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Here",
        "Asked",
        "According",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Police",
        "Department",
        "County",
        "City",
        "Council",
        "State",
        "Board",
        "Office",
        "University",
        "Mayor",
        "Chief",
        "Sheriff",
        "Officer",
        "Officers",
        "Court",
        "Jackson",
        "Also",
        "Then",
        "Still",
        "Yet",
        "So",
        "Now",
        "Later",
        "Instead",
        "Meanwhile",
        "Because",
        "Although",
        "Though",
        "Until",
    ]
)

# Words that end a run of capitalised words that is a place, an outlet or an organization,
# not a person ("Bailey Avenue", "Smith Park", "Magnolia Record").
NOT_PERSON_WORDS = frozenset(
    [
        "Avenue",
        "Road",
        "Street",
        "Drive",
        "Boulevard",
        "Lane",
        "Park",
        "Church",
        "Hall",
        "Center",
        "Centre",
        "Library",
        "Highway",
        "Hospital",
        "Station",
        "Court",
        "County",
        "City",
        "Department",
        "Office",
        "Bureau",
        "Board",
        "Council",
        "Association",
        "Coalition",
        "Project",
        "Record",
        "News",
        "Weekly",
        "Courier",
        "Ledger",
        "Herald",
        "Journal",
        "Gazette",
        "Messenger",
        "Times",
        "Post",
        "Tribune",
        "Press",
        "University",
        "College",
        "School",
        "State",
        "Police",
        "Union",
        "Lodge",
        "Order",
        "Foundation",
        "Grant",
        "Committee",
        "Senate",
        "House",
        "Justice",
        "Depot",
        "Garage",
        "Store",
        "Mall",
        "Square",
        "Plaza",
        "Bridge",
        "Parish",
        "Ward",
        "District",
        "Square",
        "Agency",
        "Commission",
        "Authority",
        "Administration",
        "Patrol",
        "Service",
        "Services",
        "Fund",
        "Institute",
        "Group",
        "Partners",
        "Company",
        "Bank",
        "Capitol",
        "Facebook",
        "Twitter",
        "Mississippi",
        "Louisiana",
        "Alabama",
        "Arkansas",
        "Tennessee",
        "America",
        "American",
    ]
)

# Given names that newspapers' readers take for one gender, for "she said" when the article shows
# no title or pronoun for the person; names given to both are left out.
_FEMALE_GIVEN = """Mary Patricia Linda Barbara Elizabeth Jennifer Maria Susan Margaret Dorothy
    Lisa Nancy Karen
    Betty Helen Sandra Donna Carol Ruth Sharon Michelle Laura Sarah Kimberly Deborah Jessica Shirley
    Cynthia Angela Melissa Brenda Amy Anna Rebecca Virginia Kathleen Pamela Martha Debra Amanda
    Stephanie Carolyn Christine Marie Janet Catherine Ann Joyce Diane Alice Julie Heather Teresa
    Doris Gloria Evelyn Cheryl Mildred Katherine Joan Judith Rose Janice Nicole Judy Christina Kathy
    Theresa Beverly Denise Tammy Irene Jane Lori Rachel Marilyn Andrea Kathryn Louise Sara Anne
    Jacqueline Wanda Bonnie Julia Ruby Lois Tina Phyllis Norma Paula Diana Annie Lillian Emily Peggy
    Crystal Gladys Rita Dawn Connie Florence Edna Tiffany Rosa Cindy Grace Wendy Victoria Edith
    Sherry Sylvia Josephine Thelma Sheila Ethel Ellen Elaine Marjorie Carrie Charlotte Monica Esther
    Pauline Emma Juanita Anita Rhonda Hazel Amber Eva Debbie April Clara Lucille Joanne Eleanor
    Valerie Danielle Megan Alicia Suzanne Michele Gail Bertha Darlene Veronica Jill Erin Geraldine
    Lauren Cathy Joann Lorraine Sally Regina Erica Beatrice Dolores Bernice Audrey Yvonne Annette
    June Samantha Ana Renee Ida Vivian Roberta Holly Brittany Melanie Loretta Yolanda Jeanette
    Laurie Katie Kristen Vanessa Alma Sue Elsie Beth Jeanne Vicki Carla Tara Rosemary Eileen Terri
    Gertrude Lucy Tonya Ella Wilma Gina Kristin Natalie Agnes Vera Charlene Bessie Delores Melinda
    Pearl Arlene Maureen Colleen Allison Tamara Georgia Constance Lillie Claudia Marcia Tanya Nellie
    Minnie Marlene Heidi Glenda Lydia Viola Marian Stella Caroline Dora Vickie Mattie Maxine Irma
    Mabel Marsha Myrtle Lena Christy Deanna Patsy Hilda Gwendolyn Jennie Nora Margie Nina Cassandra
    Leah Penny Priscilla Naomi Carole Brandy Olga Dianne Leona Jenny Felicia Sonia Miriam Velma
    Becky Violet Kristina Misty Mae Shelly Daisy Ramona Sherri Erika Katrina Claire Keisha Latoya
    Tameka Lakisha Shanice Ebony Aaliyah Imani Jasmine Tasha Monique Latasha Shonda Kendra Tamika
    Abigail"""
FEMALE_GIVEN = frozenset(_FEMALE_GIVEN.split())
_MALE_GIVEN = """James John Robert Michael William David Richard Charles Joseph Thomas Christopher Daniel Paul
    Mark Donald George Kenneth Steven Edward Brian Ronald Anthony Kevin Jason Matthew Gary Timothy
    Jose Larry Jeffrey Frank Scott Eric Stephen Andrew Raymond Gregory Joshua Jerry Dennis Walter
    Patrick Peter Harold Douglas Henry Carl Arthur Ryan Roger Joe Juan Jack Albert Jonathan Justin
    Gerald Keith Samuel Ralph Lawrence Nicholas Roy Benjamin Bruce Brandon Adam Harry Fred Wayne
    Billy Steve Louis Jeremy Aaron Randy Howard Eugene Carlos Russell Bobby Victor Martin Ernest
    Phillip Todd Craig Alan Shawn Clarence Sean Philip Johnny Earl Jimmy Antonio Danny Bryan Tony
    Luis Mike Stanley Leonard Nathan Manuel Rodney Curtis Norman Allen Marvin Vincent Glenn Jeffery
    Travis Jeff Chad Jacob Melvin Alfred Kyle Bradley Jesus Herbert Frederick Joel Edwin Don Eddie
    Ricky Troy Randall Barry Alexander Bernard Mario Leroy Francisco Marcus Micheal Theodore
    Clifford Miguel Oscar Jay Jim Tom Calvin Jon Ronnie Bill Lloyd Tommy Leon Derek Warren Darrell
    Jerome Floyd Leo Alvin Tim Wesley Gordon Dean Greg Jorge Dustin Pedro Derrick Dan Lewis Zachary
    Herman Maurice Vernon Roberto Clyde Glen Hector Shane Ricardo Rick Lester Brent Ramon Charlie
    Tyler Gilbert Marc Reginald Ruben Brett Nathaniel Rafael Edgar Milton Raul Ben Chester Cecil
    Duane Franklin Andre Elmer Brad Gabriel Ron Mitchell Roland Arnold Harvey Jared Adrian Karl
    Claude Erik Darryl Neil Christian Javier Fernando Clinton Ted Mathew Tyrone Darren Lonnie Lance
    Cody Julio Kurt Allan Nelson Guy Clayton Hugh Max Dwayne Dwight Armando Felix Jimmie Everett Ian
    Wallace Ken Bob Jaime Alfredo Alberto Dave Ivan Johnnie Byron Julian Isaac Morris Clifton
    Willard Daryl Ross Virgil Marshall Salvador Perry Kirk Sergio Seth Kent Eduardo Enrique Freddie
    Wade Terrell Demetrius Jamal Malik Rashad"""
MALE_GIVEN = frozenset(_MALE_GIVEN.split())
